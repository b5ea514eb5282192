/**
 * validate_doc_update of each country network's discussion database. Readers are the network's
 * members (its _security); writers write only as themselves, and nobody changes another's document.
 * Self-contained ES5: CouchDB runs it from its source text.
 */
export function validateDiscussionDoc(newDoc: any, oldDoc: any, userCtx: any): void {
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  function fail(message: string): never {
    throw { forbidden: message };
  }
  if (!isAdmin && oldDoc && oldDoc.author !== userCtx.name) fail('Nobody changes what another member wrote.');
  if (newDoc._deleted) return;
  if (!isAdmin && newDoc.author !== userCtx.name) fail('author must be your own user name.');
  function text(value: any, field: string, max: number): void {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
      fail(field + ' must be text of 1 to ' + max + ' characters.');
    }
  }
  if (typeof newDoc.createdAt !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(newDoc.createdAt)) {
    fail('createdAt must be a UTC time such as 2026-01-31T09:00:00.000Z.');
  }
  if (newDoc.type === 'thread') {
    if (!/^thread:[A-Za-z0-9_-]{8,64}$/.test(newDoc._id)) fail('A thread id looks like thread: followed by 8 to 64 letters or digits.');
    text(newDoc.title, 'title', 200);
    text(newDoc.body, 'body', 4000);
    text(newDoc.topic, 'topic', 40);
    return;
  }
  if (newDoc.type === 'post') {
    if (!/^post:[A-Za-z0-9_-]{8,64}$/.test(newDoc._id)) fail('A post id looks like post: followed by 8 to 64 letters or digits.');
    if (typeof newDoc.threadId !== 'string' || !/^thread:/.test(newDoc.threadId)) fail('threadId must name a thread.');
    text(newDoc.body, 'body', 4000);
    return;
  }
  fail('Unknown document type; a discussion holds threads and posts.');
}
