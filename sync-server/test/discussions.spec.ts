import { validateDiscussionDoc } from '../couchdb/discussions/validate-doc-update';
import { signedIn, startTestServer, type MemberClient, type TestServer } from './support/test-server';

const security = { members: { names: [], roles: ['country:pl'] } };
const ania = { name: 'ania', roles: ['member', 'owner', 'owner:pl', 'country:pl'] };
const eva = { name: 'eva', roles: ['member', 'coordinator', 'coordinator:pl', 'country:pl'] };
const mary = { name: 'mary', roles: ['member', 'tutor', 'tutor:ie', 'country:ie'] };
const NOW = '2026-11-29T09:00:00.000Z';

const thread = {
  _id: 'thread:cakeprice01',
  type: 'thread',
  author: 'ania',
  title: 'How do you price a cake?',
  body: 'Mine never pay.',
  topic: 'pricing',
  createdAt: NOW,
};
const post = {
  _id: 'post:cakereply01',
  type: 'post',
  author: 'ania',
  threadId: 'thread:cakeprice01',
  body: 'Count your hours.',
  createdAt: NOW,
};

function refusal(newDoc: unknown, oldDoc: unknown, user: unknown): string | null {
  try {
    validateDiscussionDoc(newDoc, oldDoc, user, security);
    return null;
  } catch (error) {
    return (error as { forbidden: string }).forbidden;
  }
}

describe('discussion rules (validate_doc_update of discussions-<cc>)', () => {
  it('takes threads, posts and replies to posts written as yourself', () => {
    expect(refusal(thread, null, ania)).toBeNull();
    expect(refusal({ ...thread, lessonId: 'lesson:pricing-for-profit' }, null, ania)).toBeNull();
    expect(refusal(post, null, ania)).toBeNull();
    expect(refusal({ ...post, parentId: 'post:someoneelse' }, null, ania)).toBeNull();
    expect(refusal({ ...post, author: 'eva' }, null, ania)).toContain('your own user name');
    expect(refusal({ ...post, threadId: 'lesson:x' }, null, ania)).toContain('threadId');
    expect(refusal({ ...thread, lessonId: 'javascript:alert(1)' }, null, ania)).toContain('lessonId');
    expect(refusal({ ...post, photo: `media/u-${'a'.repeat(64)}.webp` }, null, ania)).toBeNull();
    expect(refusal({ ...post, photo: 'https://evil.example/x.webp' }, null, ania)).toContain('photo');
    expect(refusal({ ...post, photo: `media/u-${'a'.repeat(64)}.webm` }, null, ania)).toContain('photo');
  });

  it('keeps what was posted: no changes and no deletions, even by the author; edits are their own documents', () => {
    expect(refusal({ ...post, body: 'Changed' }, post, ania)).toContain('not changed');
    expect(refusal({ ...post, _deleted: true }, post, ania)).toContain('stays');
    const edit = {
      _id: 'edit:cakeedit01',
      type: 'edit',
      author: 'ania',
      targetId: 'post:cakereply01',
      body: 'Count your hours, and the oven.',
      createdAt: NOW,
    };
    expect(refusal(edit, null, ania)).toBeNull();
    expect(refusal({ ...edit, body: undefined, withdrawn: true }, null, ania)).toBeNull();
    expect(refusal({ ...edit, author: 'eva' }, null, eva)).toBeNull();
    expect(refusal({ ...edit, targetId: 'moderation:x' }, null, ania)).toContain('targetId');
  });

  it('lets each member mark helpful, follow, accept and report only under their own name', () => {
    const helpful = { _id: 'helpful:cakereply01:ania', type: 'helpful', author: 'ania', targetId: 'post:cakereply01', createdAt: NOW };
    expect(refusal(helpful, null, ania)).toBeNull();
    expect(refusal({ ...helpful, _deleted: true }, helpful, ania))
      .withContext('taking a mark back')
      .toBeNull();
    expect(refusal({ ...helpful, _id: 'helpful:cakereply01:eva' }, null, ania)).toContain('helpful:<post>:<you>');
    const follow = { _id: 'follow:cakeprice01:ania', type: 'follow', author: 'ania', threadId: 'thread:cakeprice01', createdAt: NOW };
    expect(refusal(follow, null, ania)).toBeNull();
    const accepted = {
      _id: 'accepted:cakeprice01:ania',
      type: 'accepted',
      author: 'ania',
      threadId: 'thread:cakeprice01',
      postId: 'post:cakereply01',
      createdAt: NOW,
    };
    expect(refusal(accepted, null, ania)).toBeNull();
    expect(refusal({ ...accepted, postId: 'post:another01' }, accepted, ania))
      .withContext('changing the accepted answer')
      .toBeNull();
    const report = {
      _id: 'report:cakereply01:ania',
      type: 'report',
      author: 'ania',
      targetId: 'post:cakereply01',
      reason: 'Advertising.',
      createdAt: NOW,
    };
    expect(refusal(report, null, ania)).toBeNull();
    expect(refusal({ ...report, reason: '' }, null, ania)).toContain('reason');
    expect(refusal({ ...helpful, _deleted: true }, helpful, eva)).toContain('Nobody changes');
  });

  it("lets this network's tutors and coordinators hide, show, pin and lock, with a reason to hide", () => {
    const hide = {
      _id: 'moderation:cakemod01',
      type: 'moderation',
      author: 'eva',
      targetId: 'post:cakereply01',
      action: 'hide',
      reason: 'Selling in a learning space.',
      createdAt: NOW,
    };
    expect(refusal(hide, null, eva)).toBeNull();
    expect(refusal({ ...hide, reason: undefined }, null, eva)).toContain('reason');
    expect(refusal({ ...hide, action: 'pin', reason: undefined, targetId: 'thread:cakeprice01' }, null, eva)).toBeNull();
    expect(refusal({ ...hide, action: 'lock', reason: undefined, targetId: 'thread:cakeprice01' }, null, eva)).toBeNull();
    expect(refusal({ ...hide, action: 'erase' }, null, eva)).toContain('action');
    expect(refusal({ ...hide, author: 'ania' }, null, ania)).toContain('Only');
    expect(refusal({ ...hide, author: 'mary' }, null, mary))
      .withContext('a tutor of another country')
      .toContain('Only');
  });
});

describe('discussions over HTTP', () => {
  let server: TestServer;
  let owner: MemberClient;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signedIn(server, 'ania');
  });
  afterAll(async () => server.close());

  it('stores a post and keeps it unchanged when the author tries to rewrite it', async () => {
    const created = await owner.request('PUT', `/couch/discussions-pl/${post._id}`, post);
    expect(created.status).toBe(201);
    const rewrite = await owner.request('PUT', `/couch/discussions-pl/${post._id}`, { ...post, _rev: created.json.rev, body: 'Rewritten' });
    expect(rewrite.status).toBe(403);
    expect(((await server.couch.use('discussions-pl').get(post._id)) as unknown as { body: string }).body).toBe('Count your hours.');
  });
});
