import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * validate_doc_update of each country network's discussion database. Readers are the network's
 * members (its _security). Every document is written by one person as themselves and never changed
 * afterwards (append-only), so two devices never conflict on the same document: an edit, a helpful
 * mark, a follow, a report or a moderation action is a document of its own.
 * Self-contained ES5: CouchDB runs it from its source text.
 */
/** The author the server writes on what a deleted member posted: their words stay for the discussion, their name goes. */
export const FORMER_MEMBER = 'former-member';

function discussionRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var fail: RuleHelpers['fail'] = rules.fail;
  var realTime: RuleHelpers['realTime'] = rules.realTime;
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  // The network's country comes from its readers' role (country:pl): moderators are its tutors and coordinators.
  var readers = (secObj && secObj.members && secObj.members.roles) || [];
  var country = readers.length === 1 && readers[0].indexOf('country:') === 0 ? readers[0].substring(8) : null;
  var isModerator =
    isAdmin || (country !== null && (roles.indexOf('tutor:' + country) !== -1 || roles.indexOf('coordinator:' + country) !== -1));
  var type = newDoc._deleted && oldDoc ? oldDoc.type : newDoc.type;
  var personal = ['helpful', 'accepted', 'follow', 'report'];

  if (!isAdmin && oldDoc && !oldDoc._deleted && oldDoc.author !== userCtx.name)
    fail('post.notYours', 'Nobody changes what another member wrote.');
  if (newDoc._deleted) {
    // Taking back a helpful mark or a follow; what was said stays, and is withdrawn by an edit.
    if (isAdmin || personal.indexOf(type) !== -1) return;
    fail('post.staysPosted', 'What was posted stays: withdraw a post with an edit, undo a moderation with a new action.');
  }
  if (!isAdmin && oldDoc && !oldDoc._deleted && personal.indexOf(type) === -1) {
    fail('post.neverChanged', 'What was posted is not changed; an edit is a document of its own.');
  }
  if (!isAdmin && newDoc.author !== userCtx.name) fail('rule.notYourName', 'author must be your own user name.');
  if (typeof newDoc.author !== 'string' || newDoc.author.length === 0 || newDoc.author.length > 60)
    fail('field.invalid', 'author must be a user name.', { field: 'author' });

  function text(value: any, field: string, max: number): void {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
      fail('field.text', field + ' must be text of 1 to ' + max + ' characters.', { field: field, max: max });
    }
  }
  function idOf(value: any, prefix: string, field: string): void {
    if (typeof value !== 'string' || !new RegExp('^' + prefix + ':[A-Za-z0-9_-]{8,64}$').test(value)) {
      fail('field.invalid', field + ' must name a ' + prefix + '.', { field: field });
    }
  }
  function photo(value: any): void {
    if (value !== undefined && (typeof value !== 'string' || !/^media\/u-[0-9a-f]{64}\.(webp|jpg|png)$/.test(value))) {
      fail('field.invalid', 'photo must name an uploaded picture (media/u-<sha256>.webp, .jpg or .png).', { field: 'photo' });
    }
  }
  if (typeof newDoc.createdAt !== 'string' || !realTime(newDoc.createdAt)) {
    fail('field.time', 'createdAt must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: 'createdAt' });
  }

  if (type === 'thread') {
    idOf(newDoc._id, 'thread', 'A thread id');
    text(newDoc.title, 'title', 200);
    text(newDoc.body, 'body', 4000);
    text(newDoc.topic, 'topic', 40);
    photo(newDoc.photo);
    if (newDoc.lessonId !== undefined && (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId))) {
      fail('field.invalid', 'lessonId must name a lesson.', { field: 'lessonId' });
    }
    return;
  }
  if (type === 'post') {
    idOf(newDoc._id, 'post', 'A post id');
    idOf(newDoc.threadId, 'thread', 'threadId');
    // One level of replies: a reply names the post it answers, and that post answers the thread.
    if (newDoc.parentId !== undefined) idOf(newDoc.parentId, 'post', 'parentId');
    text(newDoc.body, 'body', 4000);
    photo(newDoc.photo);
    return;
  }
  if (type === 'edit') {
    if (!/^edit:[A-Za-z0-9_-]{8,64}$/.test(newDoc._id))
      fail('field.invalid', 'An edit id looks like edit: followed by 8 to 64 letters or digits.', { field: '_id' });
    if (typeof newDoc.targetId !== 'string' || !/^(thread|post):[A-Za-z0-9_-]{8,64}$/.test(newDoc.targetId))
      fail('field.invalid', 'targetId must name a thread or a post.', { field: 'targetId' });
    if (newDoc.withdrawn === true) return;
    text(newDoc.body, 'body', 4000);
    if (newDoc.title !== undefined) text(newDoc.title, 'title', 200);
    return;
  }
  // Marks carry their author in their id, so nobody can take another's place first.
  if (type === 'helpful' || type === 'report') {
    idOf(newDoc.targetId, 'post', 'targetId');
    if (newDoc._id !== type + ':' + newDoc.targetId.substring(5) + ':' + newDoc.author)
      fail('field.invalid', 'The id names the post: ' + type + ':<post>:<you>.', { field: '_id' });
    if (type === 'report') text(newDoc.reason, 'reason', 500);
    return;
  }
  if (type === 'accepted' || type === 'follow') {
    idOf(newDoc.threadId, 'thread', 'threadId');
    if (newDoc._id !== type + ':' + newDoc.threadId.substring(7) + ':' + newDoc.author)
      fail('field.invalid', 'The id names the thread: ' + type + ':<thread>:<you>.', { field: '_id' });
    if (type === 'accepted') idOf(newDoc.postId, 'post', 'postId');
    return;
  }
  if (type === 'moderation') {
    if (!isModerator) fail('moderation.moderatorsOnly', "Only this network's tutors and coordinators moderate.");
    if (!/^moderation:[A-Za-z0-9_-]{8,64}$/.test(newDoc._id))
      fail('field.invalid', 'A moderation id looks like moderation: followed by 8 to 64 letters or digits.', { field: '_id' });
    if (typeof newDoc.targetId !== 'string' || !/^(thread|post):/.test(newDoc.targetId))
      fail('field.invalid', 'targetId must name a thread or a post.', { field: 'targetId' });
    var actions = ['hide', 'show', 'pin', 'unpin', 'lock', 'unlock'];
    if (actions.indexOf(newDoc.action) === -1)
      fail('field.invalid', 'action must be one of ' + actions.join(', ') + '.', { field: 'action' });
    if ((newDoc.action === 'hide' || newDoc.action === 'show') && typeof newDoc.reason !== 'string')
      fail('moderation.reasonNeeded', 'reason must be text: the author sees why.');
    if (newDoc.reason !== undefined) text(newDoc.reason, 'reason', 500);
    return;
  }
  fail('field.invalid', 'Unknown document type; a discussion holds threads, posts, edits, marks, reports and moderation.', {
    field: 'type',
  });
}

export const validateDiscussionDoc = validateDocUpdate(discussionRule);
