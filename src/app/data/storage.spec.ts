import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { createAppDatabase } from './database';
import { saveProgress } from './progress-repository';
import { reportingFullStorage } from './storage';
import { isQuotaError } from './storage-health';

/** Memory storage whose next write fails as IndexedDB does when the origin's quota is used up. */
function storageThatFillsUp(): { storage: RxStorage<unknown, unknown>; fillUp(): void } {
  const memory = getRxStorageMemory();
  let full = false;
  const storage: RxStorage<unknown, unknown> = {
    ...memory,
    name: memory.name,
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await memory.createStorageInstance(params as never);
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (writes, context) => {
        if (!full) return bulkWrite(writes, context);
        full = false;
        return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      };
      return instance as never;
    },
  };
  return { storage, fillUp: () => (full = true) };
}

describe('a phone that runs out of space', () => {
  it('fails the write that did not fit, reports it, and takes the next one', async () => {
    const { storage, fillUp } = storageThatFillsUp();
    let reported = 0;
    const reporting = wrappedValidateAjvStorage({ storage: reportingFullStorage(storage, () => reported++) });
    const db = await createAppDatabase(`full-${Date.now()}`, reporting, { multiInstance: false });
    fillUp();
    await expectAsync(saveProgress(db, { lessonId: 'lesson:a', cardIndex: 1, status: 'started' })).toBeRejected();
    expect(reported).toBe(1);
    await saveProgress(db, { lessonId: 'lesson:b', cardIndex: 2, status: 'started' });
    expect((await db.personal.findOne('progress:lesson:b').exec())?.get('cardIndex')).toBe(2);
    expect(reported).toBe(1);
    await db.remove();
  });

  it('recognises a full store however the error is wrapped', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBeTrue();
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBeTrue();
    expect(isQuotaError({ code: 'SNH', parameters: { error: new DOMException('x', 'QuotaExceededError') } })).toBeTrue();
    expect(isQuotaError(new Error('network down'))).toBeFalse();
  });
});
