/**
 * validate_doc_update of each country network's discussion database. Readers are the network's
 * members (its _security); writers write only as themselves, and nobody changes another's document.
 * Self-contained ES5: CouchDB runs it from its source text.
 */
export function validateDiscussionDoc(newDoc: any, oldDoc: any, userCtx: any, secObj: any): void {
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  function fail(message: string): never {
    throw { forbidden: message };
  }
  // The network's country comes from its readers' role (country:pl): moderators are its tutors and coordinators.
  var readers = (secObj && secObj.members && secObj.members.roles) || [];
  var country = readers.length === 1 && readers[0].indexOf('country:') === 0 ? readers[0].substring(8) : null;
  var isModerator = isAdmin || (country !== null && (roles.indexOf('tutor:' + country) !== -1 || roles.indexOf('coordinator:' + country) !== -1));
  if (newDoc.type === 'moderation' || (oldDoc && oldDoc.type === 'moderation')) {
    // Hiding is its own document, so the author's post stays untouched and the reason is kept.
    if (!isModerator) fail("Only this network's tutors and coordinators moderate.");
    if (newDoc._deleted) return;
    if (newDoc.author !== userCtx.name && !isAdmin) fail('author must be your own user name.');
    if (typeof newDoc.targetId !== 'string' || !/^(thread|post):/.test(newDoc.targetId)) fail('targetId must name a thread or a post.');
    if (newDoc.action !== 'hide' && newDoc.action !== 'show') fail('action must be hide or show.');
    if (typeof newDoc.reason !== 'string' || newDoc.reason.trim().length === 0 || newDoc.reason.length > 500) {
      fail('reason must be text of 1 to 500 characters: the author sees why.');
    }
    return;
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
