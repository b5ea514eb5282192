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
