import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';

/**
 * validate_doc_update of the CPD curriculum's reviews: a reviewer (a stakeholder a coordinator gave the
 * role) writes one review of a lesson, as themselves, and may change or take it back; nobody else
 * writes. The id names the lesson and the reviewer, so there is one review per reviewer per lesson by
 * construction. That the lesson is one of the CPD programme needs the catalog: the gateway checks it
 * (cpdLessonCheck). Self-contained ES5.
 */
function reviewRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers): void {
  var fail: RuleHelpers['fail'] = rules.fail;
  var realTime: RuleHelpers['realTime'] = rules.realTime;
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  if (!isAdmin && roles.indexOf('reviewer') === -1) fail('review.reviewersOnly', 'Only reviewers of the CPD curriculum write reviews.');
  var live = oldDoc && !oldDoc._deleted ? oldDoc : null;
  if (live && !isAdmin && live.author !== userCtx.name) fail('rule.notYourName', 'author must be your own user name.');
  if (newDoc._deleted) {
    if (!live && !isAdmin) fail('rule.nothingToDelete', 'There is nothing to delete.');
    return;
  }
  if (newDoc.type !== 'review') fail('field.invalid', 'The reviews database holds reviews only.', { field: 'type' });
  var allowed = ['_id', '_rev', '_revisions', 'type', 'lessonId', 'author', 'country', 'rating', 'comment', 'createdAt', 'updatedAt'];
  for (var key in newDoc) {
    if (Object.prototype.hasOwnProperty.call(newDoc, key) && allowed.indexOf(key) === -1)
      fail('field.invalid', 'A review has no field ' + key + '.', { field: key });
  }
  if (!isAdmin && newDoc.author !== userCtx.name) fail('rule.notYourName', 'author must be your own user name.');
  if (typeof newDoc.author !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(newDoc.author))
    fail('field.userName', 'author must be a user name.', { field: 'author' });
  if (typeof newDoc.lessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(newDoc.lessonId))
    fail('field.invalid', 'lessonId must name a lesson.', { field: 'lessonId' });
  if (newDoc._id !== 'review:' + newDoc.lessonId.substring(7) + ':' + newDoc.author)
    fail('field.invalid', 'A review id is review:<lesson>:<reviewer>.', { field: '_id' });
  // The network whose stakeholder forum the reviewer speaks for: their own.
  if (
    typeof newDoc.country !== 'string' ||
    !/^[a-z]{2}$/.test(newDoc.country) ||
    (!isAdmin && roles.indexOf('country:' + newDoc.country) === -1)
  )
    fail('field.invalid', 'country must be your own network.', { field: 'country' });
  if (typeof newDoc.rating !== 'number' || newDoc.rating % 1 !== 0 || newDoc.rating < 1 || newDoc.rating > 5)
    fail('field.wholeNumber', 'rating must be a whole number from 1 to 5.', { field: 'rating', min: 1, max: 5 });
  if (typeof newDoc.comment !== 'string' || newDoc.comment.trim().length === 0 || newDoc.comment.length > 2000)
    fail('field.text', 'comment must be text of 1 to 2000 characters.', { field: 'comment', max: 2000 });
  if (!realTime(newDoc.createdAt))
    fail('field.time', 'createdAt must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: 'createdAt' });
  if (!realTime(newDoc.updatedAt))
    fail('field.time', 'updatedAt must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: 'updatedAt' });
}

export const validateReviewDoc = validateDocUpdate(reviewRule);
