import type { DiscussionDoc } from '../data/discussion-repository';
import { assembleThreads, concernsUser, mentionsIn, receiptOf, unreadCount } from './thread-assembly';

const at = (minute: number) => `2026-11-29T09:${String(minute).padStart(2, '0')}:00.000Z`;

const docs: DiscussionDoc[] = [
  {
    id: 'thread:cake000001',
    type: 'thread',
    author: 'ania',
    title: 'How do you price a cake?',
    body: 'Mine never pay.',
    topic: 'pricing',
    createdAt: at(0),
  },
  { id: 'post:b000000001', type: 'post', author: 'jonas', threadId: 'thread:cake000001', body: 'Count your hours.', createdAt: at(5) },
  { id: 'post:a000000002', type: 'post', author: 'mary', threadId: 'thread:cake000001', body: 'Add a margin.', createdAt: at(5) },
  {
    id: 'post:r000000003',
    type: 'post',
    author: 'ania',
    threadId: 'thread:cake000001',
    parentId: 'post:b000000001',
    body: 'How many?',
    createdAt: at(7),
  },
  {
    id: 'post:r000000004',
    type: 'post',
    author: 'jonas',
    threadId: 'thread:cake000001',
    parentId: 'post:r000000003',
    body: 'All of them.',
    createdAt: at(8),
  },
  {
    id: 'edit:e000000001',
    type: 'edit',
    author: 'jonas',
    targetId: 'post:b000000001',
    body: 'Count your hours, and the oven.',
    createdAt: at(9),
  },
  {
    id: 'edit:e000000002',
    type: 'edit',
    author: 'mary',
    targetId: 'post:b000000001',
    body: 'Someone else rewriting it',
    createdAt: at(10),
  },
  { id: 'helpful:b000000001:ania', type: 'helpful', author: 'ania', targetId: 'post:b000000001', createdAt: at(11) },
  { id: 'helpful:b000000001:mary', type: 'helpful', author: 'mary', targetId: 'post:b000000001', createdAt: at(11) },
  {
    id: 'accepted:cake000001:jonas',
    type: 'accepted',
    author: 'jonas',
    threadId: 'thread:cake000001',
    postId: 'post:b000000001',
    createdAt: at(12),
  },
  {
    id: 'accepted:cake000001:ania',
    type: 'accepted',
    author: 'ania',
    threadId: 'thread:cake000001',
    postId: 'post:a000000002',
    createdAt: at(12),
  },
  {
    id: 'moderation:m000000001',
    type: 'moderation',
    author: 'eva',
    targetId: 'post:a000000002',
    action: 'hide',
    reason: 'Off topic',
    createdAt: at(13),
  },
  {
    id: 'moderation:m000000002',
    type: 'moderation',
    author: 'eva',
    targetId: 'post:a000000002',
    action: 'show',
    reason: 'Misread it',
    createdAt: at(14),
  },
  {
    id: 'moderation:m000000003',
    type: 'moderation',
    author: 'eva',
    targetId: 'post:r000000004',
    action: 'hide',
    reason: 'Rude',
    createdAt: at(15),
  },
  { id: 'moderation:m000000004', type: 'moderation', author: 'eva', targetId: 'thread:cake000001', action: 'lock', createdAt: at(16) },
  {
    id: 'thread:shop000002',
    type: 'thread',
    author: 'jonas',
    title: 'Online shop?',
    body: 'Which one?',
    topic: 'online-selling',
    createdAt: at(20),
  },
];

describe('assembleThreads (thread assembly)', () => {
  it('gives the same thread in the same order whatever order the documents arrived in', () => {
    const forward = assembleThreads(docs, 'ania');
    const backward = assembleThreads([...docs].reverse(), 'ania');
    expect(JSON.stringify(backward)).toEqual(JSON.stringify(forward));
    const cake = forward.find((t) => t.id === 'thread:cake000001')!;
    // Same minute: the id decides.
    expect(cake.posts.map((p) => p.id)).toEqual(['post:a000000002', 'post:b000000001']);
  });

  it('nests replies one level, a reply to a reply under the same post', () => {
    const cake = assembleThreads(docs, 'ania').find((t) => t.id === 'thread:cake000001')!;
    expect(cake.posts[1]!.replies.map((r) => r.id)).toEqual(['post:r000000003', 'post:r000000004']);
    expect(cake.replyCount).toBe(4);
  });

  it("shows the author's own latest edit with its history, and ignores edits by others", () => {
    const post = assembleThreads(docs, 'ania')[1]!.posts[1]!;
    expect(post.body).toBe('Count your hours, and the oven.');
    expect(post.history.map((h) => h.body)).toEqual(['Count your hours.', 'Count your hours, and the oven.']);
  });

  it("counts helpful marks, knows the user's own, and takes the accepted answer from the asker only", () => {
    const cake = assembleThreads(docs, 'ania').find((t) => t.id === 'thread:cake000001')!;
    const counted = cake.posts[1]!;
    expect(counted.helpful).toBe(2);
    expect(counted.helpfulByMe).toBeTrue();
    expect(cake.acceptedPostId).toBe('post:a000000002');
    expect(cake.posts[0]!.accepted).toBeTrue();
  });

  it('applies the latest moderation action: shown again, hidden with its reason, locked', () => {
    const cake = assembleThreads(docs, 'ania').find((t) => t.id === 'thread:cake000001')!;
    expect(cake.posts[0]!.hiddenReason).toBeNull();
    expect(cake.posts[1]!.replies[1]!.hiddenReason).toBe('Rude');
    expect(cake.locked).toBeTrue();
    expect(cake.pinned).toBeFalse();
  });

  it('puts pinned threads first, then the latest activity', () => {
    expect(assembleThreads(docs, 'ania').map((t) => t.id)).toEqual(['thread:shop000002', 'thread:cake000001']);
    const pinned = [
      ...docs,
      {
        id: 'moderation:m000000005',
        type: 'moderation',
        author: 'eva',
        targetId: 'thread:cake000001',
        action: 'pin',
        createdAt: at(30),
      } as DiscussionDoc,
    ];
    expect(assembleThreads(pinned, 'ania').map((t) => t.id)).toEqual(['thread:cake000001', 'thread:shop000002']);
  });

  it('counts as unread what others wrote since the thread was last opened on this device', () => {
    const cake = assembleThreads(docs, 'ania').find((t) => t.id === 'thread:cake000001')!;
    expect(unreadCount(cake, 'ania', at(6))).toBe(1);
    expect(unreadCount(cake, 'ania', at(30))).toBe(0);
    const shop = assembleThreads(docs, 'ania').find((t) => t.id === 'thread:shop000002')!;
    expect(unreadCount(shop, 'ania', undefined))
      .withContext('a thread never opened is itself new')
      .toBe(1);
    expect(unreadCount(shop, 'jonas', undefined))
      .withContext('your own thread is not new to you')
      .toBe(0);
  });

  it('reads @mentions and knows which threads concern the user', () => {
    expect(mentionsIn('Ask @mary or @Eva. Not mail@example.com, and @mary again')).toEqual(['mary', 'eva']);
    const threads = assembleThreads(
      [
        ...docs,
        {
          id: 'thread:tutor00003',
          type: 'thread',
          author: 'jonas',
          title: 'VAT?',
          body: '@mary can you help?',
          topic: 'other',
          createdAt: at(40),
        } as DiscussionDoc,
      ],
      'mary',
    );
    expect(threads.filter((t) => concernsUser(t, 'mary')).map((t) => t.id)).toEqual(['thread:tutor00003', 'thread:cake000001']);
    expect(threads.filter((t) => concernsUser(t, 'sofia'))).toEqual([]);
  });
});

describe('receiptOf', () => {
  const sent = (docId: string, sentAt: string) => ({ source: 'discussion', state: 'sent', docId, sentAt });

  it('counts the questions and answers delivered in the latest minute, and nothing else', () => {
    const receipt = receiptOf([
      sent('thread:asked', '2026-12-06T21:52:10.000Z'),
      sent('post:answered', '2026-12-06T21:52:40.000Z'),
      sent('post:earlier', '2026-12-06T21:50:00.000Z'),
      sent('helpful:liked:ania', '2026-12-06T21:52:41.000Z'),
      { source: 'discussion', state: 'waiting', docId: 'post:waiting' },
      sent('progress:lesson:x', '2026-12-06T21:52:42.000Z'),
    ]);
    expect(receipt).toEqual({ count: 2, at: '2026-12-06T21:52:40.000Z' });
  });

  it('is nothing until something was delivered', () => {
    expect(receiptOf([{ source: 'discussion', state: 'waiting', docId: 'thread:asked' }])).toBeNull();
  });
});
