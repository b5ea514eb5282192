import { Injectable, computed, inject } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { of, switchMap } from 'rxjs';
import { mayModerate } from '../auth/roles';
import { Session } from '../auth/session';
import {
  markRead,
  watchDiscussion,
  watchReadMarks,
  withdrawMark,
  writeDiscussion,
  type DiscussionDoc,
  type Moderation,
  type ReadMark,
  type Report,
} from '../data/discussion-repository';
import { LocalDatabase } from '../data/local-database';
import { randomId } from '../shared/random-id';
import { MediaUploads } from '../sync/media-uploads';
import { preparePicture } from '../shared/picture';
import { SyncService } from '../sync/sync-service';
import { assembleThreads, concernsUser, receiptOf, unreadCount, type ThreadView } from './thread-assembly';

/** Where a write of this device stands: on its way, on the server, or refused with the server's reason. */
export type Delivery =
  | { readonly state: 'waiting' | 'sent'; readonly sentAt?: string }
  | { readonly state: 'refused'; readonly reason: string };

/** The network's discussion on this device, assembled for the screens; every action is local first. */
@Injectable({ providedIn: 'root' })
export class DiscussionsStore {
  private readonly localDatabase = inject(LocalDatabase);
  private readonly session = inject(Session);
  private readonly sync = inject(SyncService);
  private readonly uploads = inject(MediaUploads);
  private readonly db$ = toObservable(computed(() => this.localDatabase.db()));

  private readonly docs = toSignal(this.db$.pipe(switchMap((db) => (db ? watchDiscussion(db) : of([] as DiscussionDoc[])))), {
    initialValue: [] as DiscussionDoc[],
  });
  private readonly readMarks = toSignal(this.db$.pipe(switchMap((db) => (db ? watchReadMarks(db) : of([] as ReadMark[])))), {
    initialValue: [] as ReadMark[],
  });

  readonly me = computed(() => this.session.user()?.name ?? '');
  readonly isModerator = computed(() => mayModerate(this.session.user()?.roles ?? []));
  readonly threads = computed(() => assembleThreads(this.docs(), this.me()));
  private readonly readAt = computed(() => new Map(this.readMarks().map((mark) => [mark.id, mark.readAt])));
  readonly unread = computed(() => new Map(this.threads().map((t) => [t.id, unreadCount(t, this.me(), this.readAt().get(t.id))])));
  /** On the tab: news in the threads the user started, follows, answered or is mentioned in. */
  readonly unreadTotal = computed(() =>
    this.threads()
      .filter((t) => concernsUser(t, this.me()))
      .reduce((sum, t) => sum + (this.unread().get(t.id) ?? 0), 0),
  );

  /** For moderators: reports made after the last moderation of their post (hiding it, or keeping it shown). */
  readonly openReports = computed(() => {
    if (!this.isModerator()) return [];
    const handled = new Map<string, string>();
    for (const doc of this.docs()) {
      if (doc.type === 'moderation' && doc.createdAt > (handled.get(doc.targetId) ?? '')) handled.set(doc.targetId, doc.createdAt);
    }
    return this.docs()
      .filter((d): d is Report => d.type === 'report' && d.createdAt > (handled.get(d.targetId) ?? ''))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  });

  /** A post and its thread, by post id (for the reports queue). */
  postById(postId: string) {
    for (const thread of this.threads()) {
      for (const post of thread.posts.flatMap((p) => [p, ...p.replies])) if (post.id === postId) return { thread, post };
    }
    return null;
  }

  /** Delivery of each of this device's writes, by document id. */
  readonly deliveries = computed(() => {
    const map = new Map<string, Delivery>();
    for (const entry of this.sync.outboxEntries()) {
      if (entry.source !== 'discussion') continue;
      map.set(
        entry.docId,
        entry.state === 'refused' ? { state: 'refused', reason: entry.reason ?? '' } : { state: entry.state, sentAt: entry.sentAt },
      );
    }
    return map;
  });

  /** "3 messages sent at 14:02": the latest minute in which questions and replies of this device reached the server. */
  readonly receipt = computed(() => receiptOf(this.sync.outboxEntries()));

  /** The thread a document of this device belongs to, for naming it in the outbox. */
  threadTitleOf(docId: string): string {
    const doc = this.docs().find((d) => d.id === docId);
    const threadId = !doc
      ? null
      : doc.type === 'thread'
        ? doc.id
        : doc.type === 'post' || doc.type === 'follow' || doc.type === 'accepted'
          ? doc.threadId
          : (this.postById(doc.targetId)?.thread.id ?? doc.targetId);
    return (threadId && this.thread(threadId)?.title) || '';
  }

  thread(id: string): ThreadView | null {
    return this.threads().find((t) => t.id === id) ?? null;
  }

  threadsForLesson(lessonId: string): ThreadView[] {
    return this.threads().filter((t) => t.lessonId === lessonId);
  }

  async ask(title: string, body: string, topic: string, lessonId?: string, photo?: Blob): Promise<string> {
    const id = randomId('thread');
    const src = photo ? await this.keepPhoto(id, photo) : undefined;
    await this.write(
      {
        id,
        type: 'thread',
        author: this.me(),
        title: title.trim(),
        body: body.trim(),
        topic,
        ...(lessonId ? { lessonId } : {}),
        ...(src ? { photo: src } : {}),
        createdAt: now(),
      },
      'outbox.thread',
    );
    return id;
  }

  async reply(threadId: string, body: string, parentId?: string, photo?: Blob): Promise<string> {
    const id = randomId('post');
    const src = photo ? await this.keepPhoto(id, photo) : undefined;
    await this.write(
      {
        id,
        type: 'post',
        author: this.me(),
        threadId,
        body: body.trim(),
        ...(parentId ? { parentId } : {}),
        ...(src ? { photo: src } : {}),
        createdAt: now(),
      },
      'outbox.reply',
    );
    return id;
  }

  /** A photo is made smaller, kept on the device and uploaded when there is a connection. */
  private async keepPhoto(ownerId: string, photo: Blob): Promise<string> {
    return this.uploads.add(ownerId, await preparePicture(photo));
  }

  /** A refused post, changed by its author: the same post, sent again as a new version. */
  async resend(postId: string, body: string): Promise<void> {
    const db = this.localDatabase.db();
    const stored = (await db?.discussion.findOne(postId).exec())?.toMutableJSON() as DiscussionDoc | undefined;
    if (!stored || (stored.type !== 'post' && stored.type !== 'thread')) return;
    await this.write({ ...stored, body: body.trim(), createdAt: now() }, stored.type === 'post' ? 'outbox.reply' : 'outbox.thread');
  }

  async edit(targetId: string, body: string, title?: string): Promise<void> {
    await this.write(
      {
        id: randomId('edit'),
        type: 'edit',
        author: this.me(),
        targetId,
        body: body.trim(),
        ...(title ? { title: title.trim() } : {}),
        createdAt: now(),
      },
      'outbox.edit',
    );
  }

  async withdraw(targetId: string): Promise<void> {
    await this.write(
      { id: randomId('edit'), type: 'edit', author: this.me(), targetId, withdrawn: true, createdAt: now() },
      'outbox.withdraw',
    );
  }

  async toggleHelpful(postId: string, marked: boolean): Promise<void> {
    const id = `helpful:${postId.slice('post:'.length)}:${this.me()}`;
    if (marked) return this.unmark(id, 'outbox.helpful');
    await this.write({ id, type: 'helpful', author: this.me(), targetId: postId, createdAt: now() }, 'outbox.helpful');
  }

  async toggleFollow(threadId: string, followed: boolean): Promise<void> {
    const id = `follow:${threadId.slice('thread:'.length)}:${this.me()}`;
    if (followed) return this.unmark(id, 'outbox.follow');
    await this.write({ id, type: 'follow', author: this.me(), threadId, createdAt: now() }, 'outbox.follow');
  }

  async accept(threadId: string, postId: string): Promise<void> {
    await this.write(
      {
        id: `accepted:${threadId.slice('thread:'.length)}:${this.me()}`,
        type: 'accepted',
        author: this.me(),
        threadId,
        postId,
        createdAt: now(),
      },
      'outbox.accepted',
    );
  }

  async report(postId: string, reason: string): Promise<void> {
    await this.write(
      {
        id: `report:${postId.slice('post:'.length)}:${this.me()}`,
        type: 'report',
        author: this.me(),
        targetId: postId,
        reason: reason.trim(),
        createdAt: now(),
      },
      'outbox.report',
    );
  }

  async moderate(targetId: string, action: Moderation['action'], reason?: string): Promise<void> {
    const doc: Moderation = { id: randomId('moderation'), type: 'moderation', author: this.me(), targetId, action, createdAt: now() };
    if (reason?.trim()) doc.reason = reason.trim();
    await this.write(doc, 'outbox.moderation');
  }

  async markRead(threadId: string): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await markRead(db, threadId);
  }

  private async write(doc: DiscussionDoc, label: string): Promise<void> {
    const db = this.localDatabase.db();
    if (!db) throw new Error('No local database is open.');
    await writeDiscussion(db, doc, label);
  }

  private async unmark(id: string, label: string): Promise<void> {
    const db = this.localDatabase.db();
    if (db) await withdrawMark(db, id, label);
  }
}

function now(): string {
  return new Date().toISOString();
}
