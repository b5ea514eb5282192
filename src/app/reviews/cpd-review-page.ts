import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { I18n } from '../i18n/i18n';
import { RatingScale } from '../shared/rating-scale';
import { SyncService } from '../sync/sync-service';
import { ReviewsStore } from './reviews-store';
import { PageHeader } from '../shared/page-header';

/** What the reviewer has typed for one lesson and not saved yet. */
interface Typed {
  readonly rating?: number;
  readonly comment?: string;
}

export const MAX_COMMENT = 2000;

/**
 * A stakeholder reviews the CPD curriculum: each lesson of the CPD programme, to read, rate from 1 to 5
 * and comment on. Saved on the phone first, like every write; tutors see it beside the lesson.
 */
@Component({
  selector: 'app-cpd-review-page',
  imports: [PageHeader, IonContent, IonButton, IonTextarea, RouterLink, RatingScale],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cpd-review-page.html',
  styleUrl: './cpd-review-page.css',
})
export class CpdReviewPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ReviewsStore);
  private readonly sync = inject(SyncService);
  protected readonly maxComment = MAX_COMMENT;
  private readonly typed = signal<Record<string, Typed>>({});
  /** The lesson whose form was last sent without a rating or comment. */
  protected readonly incomplete = signal<string | null>(null);

  protected rating(lessonId: string): number | null {
    return this.typed()[lessonId]?.rating ?? this.store.mine(lessonId)?.rating ?? null;
  }

  protected comment(lessonId: string): string {
    return this.typed()[lessonId]?.comment ?? this.store.mine(lessonId)?.comment ?? '';
  }

  protected type(lessonId: string, change: Typed): void {
    this.typed.update((all) => ({ ...all, [lessonId]: { ...all[lessonId], ...change } }));
  }

  /** Where the saved review is: waiting to send, sent, or refused with the server's reason. */
  protected state(lessonId: string): string {
    const review = this.store.mine(lessonId);
    if (!review) return '';
    const entry = this.sync.outboxEntries().find((e) => e.source === 'reviews' && e.docId === review.id);
    if (entry?.state === 'refused') return this.i18n.t('me.state.refused', { reason: this.i18n.refusal(entry.reason ?? '') });
    if (entry?.state === 'waiting') return this.i18n.t('cpdReview.waiting');
    return this.i18n.t('cpdReview.sent');
  }

  protected async save(lessonId: string): Promise<void> {
    const rating = this.rating(lessonId);
    const comment = this.comment(lessonId).trim();
    if (rating === null || comment === '') return this.incomplete.set(lessonId);
    this.incomplete.set(null);
    await this.store.save(lessonId, rating, comment.slice(0, MAX_COMMENT));
    this.typed.update(({ [lessonId]: _, ...others }) => others);
  }
}
