import { Injectable, inject, signal } from '@angular/core';
import type { Lesson } from '../data/catalog-repository';
import { MediaQuotaError, MediaStore } from '../data/media-store';
import { LessonsStore } from './lessons-store';

export type PackState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'absent' | 'partial'; readonly size: number }
  | { readonly kind: 'downloading'; readonly done: number; readonly total: number }
  | { readonly kind: 'stored'; readonly size: number }
  | { readonly kind: 'failed'; readonly reason: 'space' | 'network'; readonly size: number };

/** The media of every lesson in the list (pictures, narration, clips). */
export function mediaOf(lessons: readonly Lesson[]): string[] {
  return [...new Set(lessons.flatMap((lesson) => lesson.cards.flatMap((card) => ('src' in card ? [card.src] : []))))];
}

/**
 * "Download programme": every lesson of a programme with its media, for use with no network. The
 * lessons themselves are already on the device (replicated); this brings the files they show and play.
 */
@Injectable({ providedIn: 'root' })
export class OfflinePacks {
  private readonly media = inject(MediaStore);
  private readonly lessons = inject(LessonsStore);
  private readonly states = signal<Record<string, PackState>>({});
  private readonly downloads = new Map<string, AbortController>();

  state(programmeId: string): PackState {
    return this.states()[programmeId] ?? { kind: 'checking' };
  }

  async refresh(programmeId: string): Promise<void> {
    const urls = this.urls(programmeId);
    const stored = await this.media.stored(urls);
    if (urls.length > 0 && stored.count === urls.length) return this.set(programmeId, { kind: 'stored', size: stored.bytes });
    const size = await this.media.sizeOf(urls).catch(() => 0);
    this.set(programmeId, { kind: stored.count > 0 ? 'partial' : 'absent', size });
  }

  async download(programmeId: string): Promise<void> {
    const urls = this.urls(programmeId);
    const before = this.state(programmeId);
    const size = 'size' in before ? before.size : 0;
    const cancel = new AbortController();
    this.downloads.set(programmeId, cancel);
    try {
      await this.media.download(urls, ({ done, total }) => this.set(programmeId, { kind: 'downloading', done, total }), cancel.signal);
      await this.refresh(programmeId);
    } catch (error) {
      // Cancelled: what arrived stays, and the pack shows what is left to download.
      if (cancel.signal.aborted) await this.refresh(programmeId);
      else this.set(programmeId, { kind: 'failed', reason: error instanceof MediaQuotaError ? 'space' : 'network', size });
    } finally {
      this.downloads.delete(programmeId);
    }
  }

  cancel(programmeId: string): void {
    this.downloads.get(programmeId)?.abort();
  }

  async remove(programmeId: string): Promise<void> {
    await this.media.remove(this.urls(programmeId));
    await this.refresh(programmeId);
  }

  private urls(programmeId: string): string[] {
    return mediaOf(this.lessons.lessons().filter((lesson) => lesson.programmeId === programmeId));
  }

  private set(programmeId: string, state: PackState): void {
    this.states.update((all) => ({ ...all, [programmeId]: state }));
  }
}
