import type { Accepted, DiscussionDoc, Edit, Moderation, Post, Thread } from '../data/discussion-repository';

/** User names written as @name in a text: a way to call a tutor (or anyone) into a discussion. */
export function mentionsIn(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/(?:^|[^\w@])@([a-z0-9][a-z0-9._-]{1,39})/gi)].map((m) => m[1]!.replace(/[.]+$/, '').toLowerCase())),
  ];
}

/** The same order on every device: by time written, then by id when two have the same time. */
export function byTime(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export interface TextVersion {
  readonly body: string;
  readonly title?: string;
  readonly at: string;
}

export interface PostView {
  readonly id: string;
  readonly author: string;
  readonly createdAt: string;
  readonly body: string;
  readonly photo?: string;
  readonly mentions: string[];
  /** Every text it had, oldest first (one entry when never edited). */
  readonly history: TextVersion[];
  readonly deleted: boolean;
  /** Why a moderator hid it; null when shown. */
  readonly hiddenReason: string | null;
  readonly helpful: number;
  readonly helpfulByMe: boolean;
  readonly accepted: boolean;
  readonly replies: PostView[];
}

export interface ThreadView {
  readonly id: string;
  readonly author: string;
  readonly createdAt: string;
  readonly title: string;
  readonly body: string;
  readonly photo?: string;
  readonly mentions: string[];
  readonly history: TextVersion[];
  readonly deleted: boolean;
  readonly topic: string;
  readonly lessonId?: string;
  readonly hiddenReason: string | null;
  readonly pinned: boolean;
  readonly locked: boolean;
  readonly followed: boolean;
  readonly acceptedPostId: string | null;
  readonly posts: PostView[];
  /** Posts and replies counted, for the list. */
  readonly replyCount: number;
  readonly lastActivity: string;
}

interface Index {
  readonly edits: Map<string, Edit[]>;
  readonly moderation: Map<string, Moderation[]>;
  readonly helpful: Map<string, string[]>;
  readonly follows: Set<string>;
  readonly accepted: Map<string, Accepted>;
  readonly postsByThread: Map<string, Post[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function index(docs: readonly DiscussionDoc[], me: string): Index {
  const result: Index = {
    edits: new Map(),
    moderation: new Map(),
    helpful: new Map(),
    follows: new Set(),
    accepted: new Map(),
    postsByThread: new Map(),
  };
  for (const doc of docs) {
    switch (doc.type) {
      case 'edit':
        push(result.edits, doc.targetId, doc);
        break;
      case 'moderation':
        push(result.moderation, doc.targetId, doc);
        break;
      case 'helpful':
        push(result.helpful, doc.targetId, doc.author);
        break;
      case 'follow':
        if (doc.author === me) result.follows.add(doc.threadId);
        break;
      case 'accepted': {
        const known = result.accepted.get(`${doc.threadId}|${doc.author}`);
        if (!known || byTime(known, doc) < 0) result.accepted.set(`${doc.threadId}|${doc.author}`, doc);
        break;
      }
      case 'post':
        push(result.postsByThread, doc.threadId, doc);
        break;
    }
  }
  return result;
}

/** The author's own edits in order; an edit by anyone else is ignored (the server stores it, nobody sees it). */
function versions(original: { body: string; title?: string; createdAt: string; author: string; id: string }, index: Index) {
  const edits = (index.edits.get(original.id) ?? []).filter((e) => e.author === original.author).sort(byTime);
  const history: TextVersion[] = [{ body: original.body, title: original.title, at: original.createdAt }];
  let deleted = false;
  for (const edit of edits) {
    if (edit.withdrawn) deleted = true;
    else history.push({ body: edit.body ?? '', title: edit.title ?? history[history.length - 1]!.title, at: edit.createdAt });
  }
  return { history, deleted, current: history[history.length - 1]! };
}

/** The latest moderation action of each kind decides: hide/show, pin/unpin, lock/unlock. */
function moderationState(id: string, index: Index) {
  const actions = [...(index.moderation.get(id) ?? [])].sort(byTime);
  let hiddenReason: string | null = null;
  let pinned = false;
  let locked = false;
  for (const action of actions) {
    if (action.action === 'hide') hiddenReason = action.reason ?? '';
    if (action.action === 'show') hiddenReason = null;
    if (action.action === 'pin' || action.action === 'unpin') pinned = action.action === 'pin';
    if (action.action === 'lock' || action.action === 'unlock') locked = action.action === 'lock';
  }
  return { hiddenReason, pinned, locked };
}

function postView(post: Post, index: Index, me: string, acceptedPostId: string | null, replies: PostView[]): PostView {
  const { history, deleted, current } = versions(post, index);
  const helpers = new Set(index.helpful.get(post.id) ?? []);
  return {
    id: post.id,
    author: post.author,
    createdAt: post.createdAt,
    body: current.body,
    ...(post.photo ? { photo: post.photo } : {}),
    mentions: mentionsIn(current.body),
    history,
    deleted,
    hiddenReason: moderationState(post.id, index).hiddenReason,
    helpful: helpers.size,
    helpfulByMe: helpers.has(me),
    accepted: post.id === acceptedPostId,
    replies,
  };
}

function threadView(thread: Thread, index: Index, me: string): ThreadView {
  const { history, deleted, current } = versions(thread, index);
  const moderation = moderationState(thread.id, index);
  // Only the asker chooses the accepted answer.
  const acceptedPostId = index.accepted.get(`${thread.id}|${thread.author}`)?.postId ?? null;
  const posts = [...(index.postsByThread.get(thread.id) ?? [])].sort(byTime);
  const topLevel = posts.filter((p) => !p.parentId || !posts.some((q) => q.id === p.parentId));
  const views = topLevel.map((post) => {
    // A reply to a reply is shown under the top-level post it belongs to: one level of nesting.
    const replies = posts.filter(
      (p) => p.parentId === post.id || (p.parentId && posts.find((q) => q.id === p.parentId)?.parentId === post.id),
    );
    return postView(
      post,
      index,
      me,
      acceptedPostId,
      replies.map((reply) => postView(reply, index, me, acceptedPostId, [])),
    );
  });
  return {
    id: thread.id,
    author: thread.author,
    createdAt: thread.createdAt,
    title: current.title ?? thread.title,
    body: current.body,
    ...(thread.photo ? { photo: thread.photo } : {}),
    mentions: mentionsIn(current.body),
    history,
    deleted,
    topic: thread.topic,
    lessonId: thread.lessonId,
    hiddenReason: moderation.hiddenReason,
    pinned: moderation.pinned,
    locked: moderation.locked,
    followed: index.follows.has(thread.id),
    acceptedPostId,
    posts: views,
    replyCount: posts.length,
    lastActivity: posts.length > 0 ? posts[posts.length - 1]!.createdAt : thread.createdAt,
  };
}

/** Every thread of the network, pinned first, then by latest activity. */
export function assembleThreads(docs: readonly DiscussionDoc[], me: string): ThreadView[] {
  const idx = index(docs, me);
  return docs
    .filter((doc): doc is Thread => doc.type === 'thread')
    .map((thread) => threadView(thread, idx, me))
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.lastActivity.localeCompare(a.lastActivity) || a.id.localeCompare(b.id));
}

/** Posts by others written after the user last opened the thread on this device. */
export function unreadCount(thread: ThreadView, me: string, readAt: string | undefined): number {
  const all = thread.posts.flatMap((post) => [post, ...post.replies]);
  const since = readAt ?? '';
  return all.filter((post) => post.author !== me && post.createdAt > since).length + (readAt === undefined && thread.author !== me ? 1 : 0);
}

/** Threads whose news the user gets on the Community tab: started, followed, answered, or mentioned in. */
export function concernsUser(thread: ThreadView, me: string): boolean {
  const all = thread.posts.flatMap((post) => [post, ...post.replies]);
  return (
    thread.author === me ||
    thread.followed ||
    thread.mentions.includes(me) ||
    all.some((post) => post.author === me || post.mentions.includes(me))
  );
}

/** "3 messages sent at 14:02": questions and answers of this device delivered in the latest minute any was. */
export function receiptOf(
  entries: readonly { source: string; state: string; docId: string; sentAt?: string }[],
): { count: number; at: string } | null {
  const sent = entries.filter(
    (e) => e.source === 'discussion' && e.state === 'sent' && e.sentAt && (e.docId.startsWith('post:') || e.docId.startsWith('thread:')),
  );
  if (sent.length === 0) return null;
  const latest = sent
    .map((e) => e.sentAt!)
    .sort()
    .at(-1)!;
  const minute = latest.slice(0, 16);
  return { count: sent.filter((e) => e.sentAt!.slice(0, 16) === minute).length, at: latest };
}
