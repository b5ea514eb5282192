import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * validate_doc_update of every user's private database. The owner is the one name in the
 * database's _security members, so the same function serves every user. Self-contained ES5:
 * CouchDB runs it from its source text.
 */
function userRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var refusal: RuleHelpers['refusal'] = rules.refusal;
  var fail: RuleHelpers['fail'] = rules.fail;
  var realTime: RuleHelpers['realTime'] = rules.realTime;
  var roles = (userCtx && userCtx.roles) || [];
  var owners = (secObj && secObj.members && secObj.members.names) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  if (!isAdmin && owners.indexOf(userCtx.name) === -1) {
    throw refusal('Only the owner may write to their own database.', 'rule.notOwner', {});
  }
  // Projections are what the server tells a user about data kept elsewhere (their attendance, say):
  // the user reads them and nobody but the server writes or removes them.
  if (!isAdmin && ((oldDoc && oldDoc.type === 'projection') || newDoc.type === 'projection')) {
    throw refusal('This record is kept by the server and cannot be changed here.', 'rule.serverOnly', {});
  }
  if (newDoc._deleted || newDoc.type === 'projection') return;

  function isoTime(value: any, field: string): void {
    if (typeof value !== 'string' || !realTime(value)) {
      fail('field.time', field + ' must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: field });
    }
  }

  if (newDoc.type === 'progress') {
    if (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId)) {
      fail('field.invalid', 'lessonId must name a lesson.', { field: 'lessonId' });
    }
    if (newDoc._id !== 'progress:' + newDoc.lessonId)
      fail('field.invalid', 'A progress id is progress: followed by the lesson id.', { field: '_id' });
    if (['started', 'completed'].indexOf(newDoc.status) === -1)
      fail('field.invalid', 'status must be started or completed.', { field: 'status' });
    if (typeof newDoc.cardIndex !== 'number' || newDoc.cardIndex % 1 !== 0 || newDoc.cardIndex < 0 || newDoc.cardIndex > 50) {
      fail('field.wholeNumber', 'cardIndex must be a whole number from 0 to 50.', { field: 'cardIndex', min: 0, max: 50 });
    }
    if (newDoc.startedAt !== undefined) isoTime(newDoc.startedAt, 'startedAt');
    if (newDoc.status === 'completed') isoTime(newDoc.completedAt, 'completedAt');
    if (newDoc.answers !== undefined) {
      if (!newDoc.answers || typeof newDoc.answers !== 'object' || Array.isArray(newDoc.answers)) {
        fail('field.invalid', 'answers must map card numbers to lists of chosen options.', { field: 'answers' });
      }
      var cards = Object.keys(newDoc.answers);
      if (cards.length > 50) fail('field.list', 'answers can hold at most 50 cards.', { field: 'answers', min: 0, max: 50 });
      for (var c = 0; c < cards.length; c++) {
        var chosen = newDoc.answers[cards[c]];
        if (!/^\d{1,2}$/.test(cards[c]) || !Array.isArray(chosen) || chosen.length > 10) {
          fail('field.invalid', 'answers must map card numbers to lists of chosen options.', { field: 'answers' });
        }
        for (var k = 0; k < chosen.length; k++) {
          if (typeof chosen[k] !== 'number' || chosen[k] % 1 !== 0 || chosen[k] < 0 || chosen[k] > 9) {
            fail('field.invalid', 'answers must map card numbers to lists of chosen options.', { field: 'answers' });
          }
        }
      }
    }
    isoTime(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (newDoc.type === 'settings') {
    if (newDoc._id !== 'settings') fail('field.invalid', 'A settings document has the id settings.', { field: '_id' });
    if (['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'].indexOf(newDoc.language) === -1)
      fail('field.invalid', 'language must be one of en, pl, lt, hu, ro, cs, fi.', { field: 'language' });
    // The name on the certificate: letters of the partners' languages (and Greek and Cyrillic), single
    // spaces, hyphens, apostrophes and full stops, starting with a letter. Nothing else reaches a page.
    var letter = 'A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0370-\u03FF\u0400-\u04FF\u1E00-\u1EFF';
    if (
      newDoc.fullName !== undefined &&
      (typeof newDoc.fullName !== 'string' ||
        newDoc.fullName.length > 100 ||
        !new RegExp('^[' + letter + '](?:[' + letter + ".'\u2019-]| (?! ))*[" + letter + '.]$').test(newDoc.fullName))
    ) {
      fail('field.fullName', 'fullName must be a name of 2 to 100 letters, with single spaces, hyphens, apostrophes or full stops.', {
        field: 'fullName',
      });
    }
    isoTime(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (newDoc.type === 'review') {
    if (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId))
      fail('field.invalid', 'lessonId must name a lesson.', { field: 'lessonId' });
    if (typeof newDoc.cardIndex !== 'number' || newDoc.cardIndex % 1 !== 0 || newDoc.cardIndex < 0 || newDoc.cardIndex > 50) {
      fail('field.wholeNumber', 'cardIndex must be a whole number from 0 to 50.', { field: 'cardIndex', min: 0, max: 50 });
    }
    if (newDoc._id !== 'review:' + newDoc.lessonId + ':' + newDoc.cardIndex)
      fail('field.invalid', 'A review id is review:<lesson id>:<card number>.', { field: '_id' });
    if (typeof newDoc.step !== 'number' || newDoc.step % 1 !== 0 || newDoc.step < 0 || newDoc.step > 10)
      fail('field.wholeNumber', 'step must be a whole number from 0 to 10.', { field: 'step', min: 0, max: 10 });
    isoTime(newDoc.dueAt, 'dueAt');
    isoTime(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (newDoc.type === 'needs') {
    // A needs check-in: how confident the owner feels in each toolbox topic (1 to 5), and a topic they ask for.
    if (typeof newDoc._id !== 'string' || !/^needs:\d{4}-\d\d-\d\d$/.test(newDoc._id))
      fail('field.invalid', 'A needs check-in id is needs:<date>.', { field: '_id' });
    // A real day. That it is not ahead of today is the gateway's check (clock-check.ts): a rule has no clock to trust.
    if (!realTime(newDoc._id.slice(6) + 'T00:00:00Z')) fail('field.invalid', 'A needs check-in id is needs:<date>.', { field: '_id' });
    var topics = [
      'cash-flow',
      'pricing',
      'getting-paid',
      'bookkeeping',
      'planning',
      'customer-service',
      'social-media',
      'online-selling',
      'suppliers',
      'hiring',
      'time-management',
      'data-protection',
    ];
    if (!newDoc.ratings || typeof newDoc.ratings !== 'object' || Array.isArray(newDoc.ratings))
      fail('field.invalid', 'ratings must map topics to 1 to 5.', { field: 'ratings' });
    var rated = Object.keys(newDoc.ratings);
    for (var r = 0; r < rated.length; r++) {
      var rating = newDoc.ratings[rated[r]];
      if (topics.indexOf(rated[r]) === -1 || typeof rating !== 'number' || rating % 1 !== 0 || rating < 1 || rating > 5) {
        fail('field.invalid', 'ratings must map topics to 1 to 5.', { field: 'ratings' });
      }
    }
    if (newDoc.request !== undefined && (typeof newDoc.request !== 'string' || newDoc.request.length > 300))
      fail('field.tooLong', 'request must be text of at most 300 characters.', { field: 'request', max: 300 });
    isoTime(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (newDoc.type === 'feedback') {
    // "Was this useful?" at the end of a lesson: one answer per lesson, changed as often as the owner likes.
    if (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId))
      fail('field.invalid', 'lessonId must name a lesson.', { field: 'lessonId' });
    if (newDoc._id !== 'feedback:' + newDoc.lessonId) fail('field.invalid', 'A feedback id is feedback:<lesson id>.', { field: '_id' });
    if (typeof newDoc.useful !== 'boolean') fail('field.invalid', 'useful must be true or false.', { field: 'useful' });
    if (newDoc.comment !== undefined && (typeof newDoc.comment !== 'string' || newDoc.comment.length > 500))
      fail('field.tooLong', 'comment must be text of at most 500 characters.', { field: 'comment', max: 500 });
    isoTime(newDoc.updatedAt, 'updatedAt');
    return;
  }
  fail('field.invalid', 'Unknown document type for a private database.', { field: 'type' });
}

export const validateUserDoc = validateDocUpdate(userRule);
