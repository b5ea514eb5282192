import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { CpdReview } from '../data/review-repository';
import { I18n } from '../i18n/i18n';

/** Stakeholders' reviews of a lesson, beside it in the editor: the average rating, then each review, newest first. */
@Component({
  selector: 'app-lesson-reviews',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="reviews" aria-labelledby="lesson-reviews-title" data-testid="lesson-reviews">
      <h2 id="lesson-reviews-title">{{ i18n.t('cpdReview.editorTitle') }}</h2>
      @if (reviews(); as all) {
        @if (all.length > 0) {
          <p class="average">{{ i18n.t('cpdReview.average', { count: all.length, average: average() }) }}</p>
          <ul>
            @for (review of all; track review.id) {
              <li data-testid="lesson-review">
                <p class="rating">
                  <strong>{{ i18n.t('cpdReview.level', { level: review.rating }) }}</strong>
                  · {{ i18n.t('cpdReview.by', { name: review.author, network: i18n.t('country.' + review.country) }) }} ·
                  {{ i18n.date(review.updatedAt) }}
                </p>
                <p class="comment">{{ review.comment }}</p>
              </li>
            }
          </ul>
        } @else {
          <p>{{ i18n.t('cpdReview.editorNone') }}</p>
        }
      } @else {
        <p>{{ i18n.t('cpdReview.editorOffline') }}</p>
      }
      @if (checkedAt(); as at) {
        <!-- Kept from the last time online: how old it is, said. -->
        <p class="checked" data-testid="lesson-reviews-checked">
          {{ i18n.t('network.checkedAt', { date: i18n.date(at), time: i18n.time(at) }) }}
        </p>
      }
    </section>
  `,
  styles: `
    .reviews {
      border: 1px solid var(--ion-color-light-shade);
      border-radius: 8px;
      padding: 0 1rem;
      margin: 1rem 0;
    }
    h2 {
      font-size: 1.1rem;
    }
    ul {
      list-style: none;
      padding: 0;
    }
    li + li {
      border-top: 1px solid var(--ion-color-light-shade);
    }
    .rating,
    .comment {
      overflow-wrap: anywhere;
    }
    .comment {
      white-space: pre-wrap;
    }
  `,
})
export class LessonReviews {
  protected readonly i18n = inject(I18n);
  /** null: not read from the server (offline). */
  readonly reviews = input.required<readonly CpdReview[] | null>();
  /** When the reviews were read from the server, for reviews kept from an earlier time online. */
  readonly checkedAt = input<string | null>(null);
  /** One decimal in the reader's own way of writing numbers (4,5 in Polish). */
  protected readonly average = computed(() => {
    const all = this.reviews() ?? [];
    const mean = all.reduce((sum, review) => sum + review.rating, 0) / Math.max(1, all.length);
    return new Intl.NumberFormat(this.i18n.locale(), { maximumFractionDigits: 1 }).format(mean);
  });
}
