import { validateDocUpdate, type RuleHelpers } from '../rule-helpers';
import { COHORT_KINDS } from './cohort-kinds';

/**
 * validate_doc_update of each country's workshops database: only its facilitators and coordinators
 * (the roles in its _security) write, each as themselves. Attendance marks are append-only: every tap
 * is a document of its own, so two facilitators marking offline never conflict and no mark is lost.
 * Self-contained ES5.
 */
function workshopRule(newDoc: any, oldDoc: any, userCtx: any, secObj: any, rules: RuleHelpers, facts: any): void {
  var fail: RuleHelpers['fail'] = rules.fail;
  var realTime: RuleHelpers['realTime'] = rules.realTime;
  var roles = (userCtx && userCtx.roles) || [];
  var isAdmin = roles.indexOf('_admin') !== -1;
  var writers = (secObj && secObj.members && secObj.members.roles) || [];
  var allowed = isAdmin;
  for (var i = 0; i < writers.length; i++) if (roles.indexOf(writers[i]) !== -1) allowed = true;
  if (!allowed) fail('workshops.staffOnly', "Only this country's facilitators and coordinators write workshop records.");
  // The country comes from the database's writers (coordinator:pl): its coordinators look after every cohort.
  var isCoordinator = isAdmin;
  for (var w = 0; w < writers.length; w++) {
    if (/^coordinator:[a-z]{2}$/.test(writers[w]) && roles.indexOf(writers[w]) !== -1) isCoordinator = true;
  }
  var live = oldDoc && !oldDoc._deleted ? oldDoc : null;
  var type = newDoc._deleted && live ? live.type : newDoc.type;
  // A mark is never changed; its author may take it back (an undo of "mark everyone present"), and the sheet shows the mark before it.
  if (type === 'mark' && live && !isAdmin && !(newDoc._deleted && live.author === userCtx.name)) {
    fail('mark.neverChanged', 'An attendance mark is never changed; mark again and the latest counts.');
  }
  // A cohort belongs to the facilitator who created it: co-facilitators take attendance, they do not rewrite it.
  if (type === 'cohort' && live && !isCoordinator && live.author !== userCtx.name) {
    fail('cohort.authorOnly', "Only the cohort's author or a coordinator of this country changes or deletes a cohort.");
  }
  // A deletion of nothing would only plant a tombstone at an id of the writer's choosing.
  if (newDoc._deleted && !live && !isAdmin) fail('rule.nothingToDelete', 'There is nothing to delete.');
  if (newDoc._deleted) return;
  if (type === 'cohort' && live) {
    if (newDoc.author !== live.author) fail('field.invalid', 'The author of a cohort does not change.', { field: 'author' });
  } else if (!isAdmin && newDoc.author !== userCtx.name) fail('rule.notYourName', 'author must be your own user name.');
  function text(value: any, field: string, max: number): void {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
      fail('field.text', field + ' must be text of 1 to ' + max + ' characters.', { field: field, max: max });
  }
  function time(value: any, field: string): void {
    if (typeof value !== 'string' || !realTime(value))
      fail('field.time', field + ' must be a UTC time such as 2026-01-31T09:00:00.000Z.', { field: field });
  }
  function userName(value: any, field: string): void {
    if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9._-]{1,39}$/.test(value))
      fail('field.userName', field + ' must be a user name.', { field: field });
  }
  var slug = '[A-Za-z0-9_-]{8,64}';
  // The kinds of cohort and their session counts come from one table (cohort-kinds.ts), given as facts.
  var kinds = facts.cohortKinds;
  var maxSessions = 0;
  for (var k in kinds)
    if (Object.prototype.hasOwnProperty.call(kinds, k) && kinds[k].sessions > maxSessions) maxSessions = kinds[k].sessions;

  if (type === 'cohort') {
    if (!new RegExp('^cohort:' + slug + '$').test(newDoc._id))
      fail('field.invalid', 'A cohort id looks like cohort: followed by 8 to 64 letters or digits.', { field: '_id' });
    if (typeof newDoc.kind !== 'string' || !Object.prototype.hasOwnProperty.call(kinds, newDoc.kind))
      fail('field.invalid', 'kind must be one of ' + Object.keys(kinds).join(', ') + '.', { field: 'kind' });
    // Marks and certificates rest on the kind: it never changes (a cohort from before kinds was an induction).
    if (live && newDoc.kind !== (live.kind === undefined ? 'induction' : live.kind))
      fail('field.invalid', 'The kind of a cohort does not change.', { field: 'kind' });
    var sessionCount = kinds[newDoc.kind].sessions;
    text(newDoc.title, 'title', 200);
    if (newDoc.venue !== undefined) text(newDoc.venue, 'venue', 200);
    if (newDoc.joinCode !== undefined && (typeof newDoc.joinCode !== 'string' || !/^[A-Z2-9]{8}$/.test(newDoc.joinCode)))
      fail('field.invalid', 'joinCode must be 8 capital letters and digits.', { field: 'joinCode' });
    if (newDoc.language !== undefined && ['en', 'pl', 'lt', 'hu', 'ro', 'cs', 'fi'].indexOf(newDoc.language) === -1)
      fail('field.invalid', 'language must be one of en, pl, lt, hu, ro, cs, fi.', { field: 'language' });
    if (newDoc.facilitators !== undefined) {
      if (!Array.isArray(newDoc.facilitators) || newDoc.facilitators.length > 10)
        fail('field.list', 'facilitators must be a list of at most 10 user names.', { field: 'facilitators', min: 0, max: 10 });
      for (var f = 0; f < newDoc.facilitators.length; f++) userName(newDoc.facilitators[f], 'facilitators[' + f + ']');
    }
    if (newDoc.sessions !== undefined) {
      if (!Array.isArray(newDoc.sessions) || newDoc.sessions.length > sessionCount)
        fail('field.list', 'sessions must be a list of the ' + sessionCount + ' sessions of this kind of cohort.', {
          field: 'sessions',
          min: 0,
          max: sessionCount,
        });
      for (var s = 0; s < newDoc.sessions.length; s++) {
        var session = newDoc.sessions[s];
        if (!session || session.number !== s + 1)
          fail('field.invalid', 'sessions[' + s + '].number must be ' + (s + 1) + '.', { field: 'sessions[' + s + '].number' });
        if (
          session.date !== undefined &&
          (typeof session.date !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(session.date))
        )
          fail('field.invalid', 'sessions[' + s + '].date looks like 2026-03-14.', { field: 'sessions[' + s + '].date' });
        if (session.time !== undefined && (typeof session.time !== 'string' || !/^\d\d:\d\d$/.test(session.time)))
          fail('field.invalid', 'sessions[' + s + '].time looks like 18:30.', { field: 'sessions[' + s + '].time' });
        if (session.place !== undefined && (typeof session.place !== 'string' || session.place.length > 200))
          fail('field.tooLong', 'sessions[' + s + '].place must be at most 200 characters.', {
            field: 'sessions[' + s + '].place',
            max: 200,
          });
        // The lesson owners do before the session: its facilitators see who has (preparation-projector.ts).
        if (
          session.preparationLessonId !== undefined &&
          (typeof session.preparationLessonId !== 'string' || !/^lesson:[a-z0-9-]{1,80}$/.test(session.preparationLessonId))
        )
          fail('field.invalid', 'sessions[' + s + '].preparationLessonId must name a lesson.', {
            field: 'sessions[' + s + '].preparationLessonId',
          });
      }
    }
    if (newDoc.updatedAt !== undefined) time(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (type === 'enrolment') {
    userName(newDoc.owner, 'owner');
    if (typeof newDoc.cohortId !== 'string' || !new RegExp('^cohort:' + slug + '$').test(newDoc.cohortId))
      fail('field.invalid', 'cohortId must name a cohort.', { field: 'cohortId' });
    if (newDoc._id !== 'enrolment:' + newDoc.cohortId.substring(7) + ':' + newDoc.owner)
      fail('field.invalid', 'An enrolment id is enrolment:<cohort>:<owner>.', { field: '_id' });
    if (newDoc.withdrawn !== undefined && typeof newDoc.withdrawn !== 'boolean')
      fail('field.invalid', 'withdrawn must be true or false.', { field: 'withdrawn' });
    time(newDoc.updatedAt, 'updatedAt');
    return;
  }
  if (type === 'mark') {
    if (!new RegExp('^mark:' + slug + '$').test(newDoc._id))
      fail('field.invalid', 'A mark id looks like mark: followed by 8 to 64 letters or digits.', { field: '_id' });
    if (typeof newDoc.cohortId !== 'string' || !new RegExp('^cohort:' + slug + '$').test(newDoc.cohortId))
      fail('field.invalid', 'cohortId must name a cohort.', { field: 'cohortId' });
    userName(newDoc.owner, 'owner');
    // Which sessions the cohort's own kind has is the gateway's check (markSessionCheck): a rule sees one document.
    if (typeof newDoc.session !== 'number' || newDoc.session % 1 !== 0 || newDoc.session < 1 || newDoc.session > maxSessions)
      fail('field.invalid', 'session must be a whole number from 1 to ' + maxSessions + '.', { field: 'session' });
    if (['present', 'late', 'excused', 'absent'].indexOf(newDoc.status) === -1)
      fail('field.invalid', 'status must be present, late, excused or absent.', { field: 'status' });
    if (newDoc.note !== undefined && (typeof newDoc.note !== 'string' || newDoc.note.length > 500))
      fail('field.tooLong', 'note must be at most 500 characters.', { field: 'note', max: 500 });
    time(newDoc.markedAt, 'markedAt');
    if (!Array.isArray(newDoc.seen) || newDoc.seen.length > 50)
      fail('field.list', 'seen must list the marks this device knew (at most 50).', { field: 'seen', min: 0, max: 50 });
    return;
  }
  fail('field.invalid', 'Unknown document type for a workshops database.', { field: 'type' });
}

export const validateWorkshopDoc = validateDocUpdate(workshopRule, { cohortKinds: COHORT_KINDS });
