import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * validate_doc_update of the authoring database, where tutors and peer mentors write lessons before
 * they reach the catalog. A draft may be unfinished, so only its shape and sizes are checked here;
 * the catalog's own rule checks the finished lesson when the server publishes it.
 * Self-contained ES5: CouchDB runs it from its source text.
 */
function authoringRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var fail: RuleHelpers['fail'] = rules.fail;
  var realTime: RuleHelpers['realTime'] = rules.realTime;
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  var isTutor = isAdmin || roles.indexOf('tutor') !== -1;
  var type = newDoc._deleted && oldDoc ? oldDoc.type : newDoc.type;
  if (type === 'lesson-version') {
    // The published history: the server writes it when it publishes, and nobody rewrites it.
    if (!isAdmin) fail('rule.serverOnly', 'Only the server records published versions.');
    if (oldDoc && !oldDoc._deleted) fail('rule.neverChanged', 'A published version is never changed.');
    return;
  }
  if (type !== 'draft') fail('field.invalid', 'Unknown document type; the authoring database holds drafts.', { field: 'type' });
  if (!isTutor && roles.indexOf('peer-mentor') === -1) fail('lesson.writersOnly', 'Only tutors and peer mentors write lessons.');
  if (oldDoc && !oldDoc._deleted && !isTutor && oldDoc.author !== userCtx.name)
    fail('lesson.ownDraftsOnly', 'Peer mentors change only their own drafts.');
  if (newDoc._deleted) return;

  function text(value: any, field: string, max: number): void {
    if (typeof value !== 'string' || value.length > max)
      fail('field.tooLong', field + ' must be text of at most ' + max + ' characters.', { field: field, max: max });
  }
  if (!/^draft:[a-z0-9-]{8,80}$/.test(newDoc._id))
    fail('field.invalid', 'A draft id looks like draft: followed by 8 to 80 letters, digits or dashes.', { field: '_id' });
  if (typeof newDoc.author !== 'string' || newDoc.author.length === 0)
    fail('field.invalid', 'author must be the user name of who wrote the draft.', { field: 'author' });
  if (oldDoc && !oldDoc._deleted && oldDoc.author !== newDoc.author)
    fail('field.invalid', 'The author of a draft does not change.', { field: 'author' });
  if (!oldDoc && !isAdmin && newDoc.author !== userCtx.name) fail('rule.notYourName', 'author must be your own user name.');
  if (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId)) {
    fail('field.invalid', 'lessonId looks like lesson:cash-flow-basics.', { field: 'lessonId' });
  }
  if (oldDoc && oldDoc.publishedVersion && oldDoc.lessonId !== newDoc.lessonId)
    fail('field.invalid', 'A published lesson keeps its id.', { field: 'lessonId' });
  if (
    newDoc.translationOf !== undefined &&
    (typeof newDoc.translationOf !== 'string' ||
      !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.translationOf) ||
      newDoc.translationOf === newDoc.lessonId)
  ) {
    fail('field.invalid', 'translationOf must name another lesson.', { field: 'translationOf' });
  }
  if (typeof newDoc.programmeId !== 'string' || !/^programme:[a-z0-9-]{1,60}$/.test(newDoc.programmeId)) {
    fail('field.invalid', 'programmeId must name a programme.', { field: 'programmeId' });
  }
  if (typeof newDoc.updatedAt !== 'string' || !realTime(newDoc.updatedAt)) {
    fail('field.time', 'updatedAt must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: 'updatedAt' });
  }
  text(newDoc.title, 'title', 120);
  text(newDoc.summary, 'summary', 400);
  text(newDoc.topic, 'topic', 40);
  if (typeof newDoc.minutes !== 'number' || newDoc.minutes % 1 !== 0 || newDoc.minutes < 1 || newDoc.minutes > 10) {
    fail('field.wholeNumber', 'minutes must be a whole number from 1 to 10.', { field: 'minutes', min: 1, max: 10 });
  }
  if (['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'].indexOf(newDoc.language) === -1)
    fail('field.invalid', 'language must be one of en, pl, lt, hu, ro, cs, fi.', { field: 'language' });
  if (!Array.isArray(newDoc.cards) || newDoc.cards.length > 12)
    fail('field.list', 'cards must be a list of at most 12 cards.', { field: 'cards', min: 0, max: 12 });
  var kinds = ['text', 'image', 'audio', 'video', 'quiz', 'action'];
  for (var i = 0; i < newDoc.cards.length; i++) {
    var card = newDoc.cards[i];
    if (!card || typeof card !== 'object' || kinds.indexOf(card.kind) === -1) {
      fail('field.invalid', 'cards[' + i + '].kind must be text, image, audio, video, quiz or action.', { field: 'cards[' + i + '].kind' });
    }
    for (var key in card) {
      if (typeof card[key] === 'string' && card[key].length > 3000)
        fail('field.tooLong', 'cards[' + i + '].' + key + ' is longer than 3000 characters.', {
          field: 'cards[' + i + '].' + key,
          max: 3000,
        });
    }
    if (card.options !== undefined && (!Array.isArray(card.options) || card.options.length > 6)) {
      fail('field.list', 'cards[' + i + '].options must be a list of at most 6 options.', {
        field: 'cards[' + i + '].options',
        min: 0,
        max: 6,
      });
    }
  }
  if (newDoc.reviewNote !== undefined) text(newDoc.reviewNote, 'reviewNote', 1000);

  // Who moves a draft along: authors submit, tutors publish, and only the server marks it published.
  var statuses = ['draft', 'submitted', 'publishing', 'published'];
  if (statuses.indexOf(newDoc.status) === -1)
    fail('field.invalid', 'status must be draft, submitted, publishing or published.', { field: 'status' });
  var oldStatus = oldDoc && !oldDoc._deleted ? oldDoc.status : null;
  // Every revision in `publishing` is one a tutor (or the server) wrote, so what is published is what a tutor saw:
  // an author's edit of a draft being published makes it a draft again (the app does so on every edit).
  if (newDoc.status === 'publishing' && !isTutor) {
    fail(
      'lesson.tutorsPublish',
      oldStatus === 'publishing'
        ? 'Only tutors publish lessons: an edit makes a publishing draft a draft again.'
        : 'Only tutors publish lessons.',
    );
  }
  if (newDoc.status === 'published' && oldStatus !== 'published' && !isAdmin)
    fail('rule.serverOnly', 'A lesson is marked published by the server once it is in the catalog.', { field: 'status' });
  var serverFields = ['publishedVersion', 'publishedAt', 'publishError', 'waitingForMedia'];
  if (!isAdmin) {
    for (var f = 0; f < serverFields.length; f++) {
      var before = oldDoc && !oldDoc._deleted ? JSON.stringify(oldDoc[serverFields[f]]) : undefined;
      var after = JSON.stringify(newDoc[serverFields[f]]);
      if (after !== undefined && after !== before)
        fail('rule.serverOnly', serverFields[f] + ' is set by the server.', { field: serverFields[f] });
    }
  }
}

export const validateAuthoringDoc = validateDocUpdate(authoringRule);
