import type { ProposedWrite, WriteCheck, WriteRefusal } from './write-checks';

/** How far ahead of the server's clock a device's clock may be. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** The times that order things ("the latest wins", threads by activity): a time in the future would win for ever. */
export const TIME_FIELDS = ['createdAt', 'updatedAt', 'markedAt'] as const;

/**
 * Refuses a time more than 5 minutes ahead of the server's clock. Only times the write sets or changes
 * are checked, so a document stored earlier with a bad time can still be withdrawn or taken back.
 */
export function clockCheckAt(now: () => number): WriteCheck {
  return async (write: ProposedWrite): Promise<WriteRefusal | null> => {
    if (write.doc['_deleted'] === true || write.user.roles.includes('_admin')) return null;
    const limit = now() + CLOCK_SKEW_MS;
    for (const field of TIME_FIELDS) {
      const value = write.doc[field];
      if (typeof value !== 'string' || (write.oldDoc && write.oldDoc[field] === value)) continue;
      const at = Date.parse(value);
      if (Number.isFinite(at) && at > limit)
        return { reason: `${field} is in the future: check the date and time of this device.`, code: 'clock.future', params: { field } };
    }
    return null;
  };
}

export const clockCheck = clockCheckAt(Date.now);

/**
 * Refuses a needs check-in dated (`needs:<day>`) after the server's today, with the same grace: a
 * check-in dated later would stay the owner's latest for good. The rule checks the id is a real day;
 * only the server has a clock to hold it against. Safe to check again later: a day not ahead of the
 * clock never becomes so.
 */
export function needsDayCheckAt(now: () => number): WriteCheck {
  return async (write: ProposedWrite): Promise<WriteRefusal | null> => {
    if (write.doc['_deleted'] === true || write.doc['type'] !== 'needs' || write.user.roles.includes('_admin')) return null;
    const day = /^needs:(\d{4}-\d\d-\d\d)$/.exec(String(write.doc['_id']))?.[1];
    const at = day ? Date.parse(`${day}T00:00:00Z`) : NaN;
    if (Number.isFinite(at) && at > now() + CLOCK_SKEW_MS)
      return {
        reason: 'The check-in is dated in the future: check the date and time of this device.',
        code: 'clock.future',
        params: { field: '_id' },
      };
    return null;
  };
}

export const needsDayCheck = needsDayCheckAt(Date.now);
