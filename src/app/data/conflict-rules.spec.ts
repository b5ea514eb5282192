import { discussionConflictHandler, draftConflictHandler, mergeProgress, workshopConflictHandler } from './conflict-rules';
import type { Mark } from './schemas/workshop';
import type { LessonDraft } from './schemas/authoring';
import type { LessonProgress } from './schemas/personal';

function progress(overrides: Partial<LessonProgress>): LessonProgress {
  return {
    id: 'progress:lesson:a',
    type: 'progress',
    lessonId: 'lesson:a',
    status: 'started',
    cardIndex: 0,
    updatedAt: '2026-11-29T09:00:00.000Z',
    ...overrides,
  };
}

describe('mergeProgress', () => {
  it('never goes backwards: completed beats started, whichever is newer', () => {
    const done = progress({
      status: 'completed',
      cardIndex: 4,
      completedAt: '2026-11-29T08:00:00.000Z',
      updatedAt: '2026-11-29T08:00:00.000Z',
    });
    const later = progress({ status: 'started', cardIndex: 1, updatedAt: '2026-11-29T10:00:00.000Z' });
    for (const merged of [mergeProgress(done, later), mergeProgress(later, done)]) {
      expect(merged.status).toBe('completed');
      expect(merged.cardIndex).toBe(4);
      expect(merged.completedAt).toBe('2026-11-29T08:00:00.000Z');
      expect(merged.updatedAt).toBe('2026-11-29T10:00:00.000Z');
    }
  });

  it('keeps the furthest card and the union of answers, in the same order both ways', () => {
    const a = progress({ cardIndex: 3, answers: { '1': [2], '2': [0] } });
    const b = progress({ cardIndex: 2, answers: { '1': [0], '4': [1, 3] } });
    expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a));
    expect(mergeProgress(a, b).cardIndex).toBe(3);
    expect(mergeProgress(a, b).answers).toEqual({ '1': [0, 2], '2': [0], '4': [1, 3] });
  });

  it('keeps the earliest completion time when both devices completed', () => {
    const a = progress({ status: 'completed', completedAt: '2026-11-29T09:30:00.000Z' });
    const b = progress({ status: 'completed', completedAt: '2026-11-29T09:10:00.000Z' });
    expect(mergeProgress(a, b).completedAt).toBe('2026-11-29T09:10:00.000Z');
  });

  it('keeps the earliest start, so the time a lesson took counts from its first opening on any device', () => {
    const phone = progress({ startedAt: '2026-11-29T09:00:00.000Z' });
    const laptop = progress({ startedAt: '2026-11-29T09:20:00.000Z', status: 'completed', completedAt: '2026-11-29T09:25:00.000Z' });
    for (const merged of [mergeProgress(phone, laptop), mergeProgress(laptop, phone)])
      expect(merged.startedAt).toBe('2026-11-29T09:00:00.000Z');
    expect(mergeProgress(progress({}), laptop).startedAt)
      .withContext('one record from before start times')
      .toBe('2026-11-29T09:20:00.000Z');
    expect(mergeProgress(progress({}), progress({})).startedAt).toBeUndefined();
  });
});

describe('draftConflictHandler', () => {
  function draft(overrides: Partial<LessonDraft & { _deleted: boolean }>): LessonDraft & { _deleted: boolean } {
    return {
      id: 'draft:test-0001',
      type: 'draft',
      author: 'mary',
      lessonId: 'lesson:a',
      programmeId: 'programme:toolbox',
      title: 'A',
      summary: '',
      topic: 'other',
      minutes: 3,
      language: 'en',
      cards: [],
      status: 'draft',
      updatedAt: '2026-11-29T09:00:00.000Z',
      _deleted: false,
      ...overrides,
    };
  }
  const resolve = (master: ReturnType<typeof draft>, local: ReturnType<typeof draft>) =>
    draftConflictHandler.resolve({ realMasterState: master, newDocumentState: local } as never, 'test');

  it('keeps the later edit, with what the server recorded about publication', async () => {
    const server = draft({
      status: 'published',
      publishedVersion: 2,
      publishedAt: '2026-11-29T09:05:00.000Z',
      updatedAt: '2026-11-29T09:05:00.000Z',
    });
    const edit = draft({ title: 'A, revised', publishedVersion: 1, updatedAt: '2026-11-29T09:10:00.000Z' });
    const merged = await resolve(server, edit);
    expect(merged.title).toBe('A, revised');
    expect(merged.publishedVersion).toBe(2);
    expect(merged.publishedAt).toBe('2026-11-29T09:05:00.000Z');
  });

  it('keeps the server copy when it is the later one, and a deletion on either side', async () => {
    const server = draft({ title: 'Server', updatedAt: '2026-11-29T09:10:00.000Z' });
    expect((await resolve(server, draft({ title: 'Older' }))).title).toBe('Server');
    expect((await resolve(server, draft({ _deleted: true })))._deleted).toBeTrue();
    expect((await resolve(draft({ _deleted: true }), draft({ updatedAt: '2026-11-29T10:00:00.000Z' })))._deleted).toBeTrue();
  });
});

describe('discussionConflictHandler', () => {
  const resolve = (master: object, local: object) =>
    discussionConflictHandler.resolve({ realMasterState: master, newDocumentState: local } as never, 'test');

  it("keeps this device's latest choice for the user's own marks, a taken-back mark included", async () => {
    const onServer = {
      id: 'helpful:abc12345:ania',
      type: 'helpful',
      author: 'ania',
      targetId: 'post:abc12345',
      createdAt: '2026-11-29T09:00:00.000Z',
      _deleted: false,
    };
    const takenBack = { ...onServer, createdAt: '2026-11-29T09:05:00.000Z', _deleted: true };
    expect((await resolve(onServer, takenBack))._deleted).toBeTrue();
    const accepted = {
      id: 'accepted:cake0001:ania',
      type: 'accepted',
      author: 'ania',
      threadId: 'thread:cake0001',
      postId: 'post:b',
      createdAt: '2026-11-29T09:00:00.000Z',
      _deleted: false,
    };
    expect(((await resolve(accepted, { ...accepted, postId: 'post:c' })) as unknown as { postId: string }).postId).toBe('post:c');
  });

  it("keeps the server's copy of anything posted (posts never change)", async () => {
    const post = {
      id: 'post:abc12345',
      type: 'post',
      author: 'ania',
      threadId: 'thread:x',
      body: 'On the server',
      createdAt: '2026-11-29T09:00:00.000Z',
      _deleted: false,
    };
    expect(((await resolve(post, { ...post, body: 'Local' })) as unknown as { body: string }).body).toBe('On the server');
  });
});

describe('workshopConflictHandler', () => {
  const mark = {
    id: 'mark:undo00001',
    type: 'mark',
    author: 'piotr',
    cohortId: 'cohort:undo2026',
    session: 1,
    owner: 'ania',
    status: 'present',
    markedAt: '2026-12-06T22:00:00.000Z',
    seen: [],
    createdAt: '2026-12-06T22:00:00.000Z',
    updatedAt: '2026-12-06T22:00:00.000Z',
  } as unknown as Mark;
  const resolve = (mine: unknown, server: unknown) =>
    workshopConflictHandler.resolve(
      { newDocumentState: mine as never, realMasterState: server as never, assumedMasterState: undefined },
      'test',
    );

  it("keeps a mark taken back on this phone against the server's copy it was pushed as (the server judges the undo)", async () => {
    const undone = { ...mark, updatedAt: '2026-12-06T22:00:05.000Z', _deleted: true };
    expect(await resolve(undone, { ...mark, _deleted: false })).toEqual(undone as never);
  });

  it("never lets this phone change a mark: the server's copy stands", async () => {
    expect(await resolve({ ...mark, status: 'absent', _deleted: false }, { ...mark, _deleted: false })).toEqual({
      ...mark,
      _deleted: false,
    } as never);
  });
});
