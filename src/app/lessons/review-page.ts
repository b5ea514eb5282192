import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import type { LessonCard } from '../data/catalog-repository';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from './lessons-store';
import { QuizCard, isRightAnswer } from './quiz-card';
import { PageHeader } from '../shared/page-header';

interface ReviewItem {
  readonly lessonId: string;
  readonly lessonTitle: string;
  readonly cardIndex: number;
  readonly card: Extract<LessonCard, { kind: 'quiz' }>;
}

/** Questions the user missed earlier, as many as fit the time they chose. */
@Component({
  selector: 'app-review-page',
  imports: [PageHeader, IonContent, IonButton, RouterLink, QuizCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('review.title')" back="/learn" [backTo]="i18n.t('learn.title')"></ion-header>
    <ion-content class="ion-padding">
      <div class="wrap">
        @if (current(); as item) {
          <p class="position">
            {{ i18n.t('review.position', { current: position() + 1, total: items().length }) }} · {{ item.lessonTitle }}
          </p>
          @for (shown of [item]; track position()) {
            <app-quiz-card [card]="shown.card" [cardIndex]="shown.cardIndex" (answered)="answer(shown, $event)" />
          }
          @if (answered()) {
            <ion-button expand="block" (click)="next()" data-testid="review-next">{{ i18n.t('lesson.next') }}</ion-button>
          }
        } @else {
          <h2>{{ i18n.t(items().length ? 'review.done' : 'review.nothing') }}</h2>
          <ion-button routerLink="/learn" expand="block">{{ i18n.t('lesson.backToList') }}</ion-button>
        }
      </div>
    </ion-content>
  `,
  styles: `
    .wrap {
      max-width: 680px;
      margin: 0 auto;
    }
    .position {
      color: var(--ion-color-medium-shade);
      font-size: 0.9rem;
    }
  `,
})
export class ReviewPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(LessonsStore);
  /** Query parameter: how many questions fit the time chosen. */
  readonly count = input<string | undefined>();

  /** Fixed when the page opens, so answering (which reschedules) does not reshuffle the list. */
  private readonly snapshot = signal<ReviewItem[] | null>(null);
  protected readonly items = computed(() => this.snapshot() ?? this.collect());
  protected readonly position = signal(0);
  protected readonly answered = signal(false);
  protected readonly current = computed(() => this.items()[this.position()] ?? null);

  private collect(): ReviewItem[] {
    const limit = Number(this.count() ?? 10) || 10;
    return this.store
      .dueReviews()
      .slice(0, limit)
      .flatMap((review) => {
        const lesson = this.store.lesson(review.lessonId);
        const card = lesson?.cards[review.cardIndex];
        return lesson && card?.kind === 'quiz'
          ? [{ lessonId: lesson.id, lessonTitle: lesson.title, cardIndex: review.cardIndex, card }]
          : [];
      });
  }

  /** Only the first try counts for the schedule; trying again after the feedback is for learning. */
  protected answer(item: ReviewItem, chosen: number[]): void {
    if (!this.snapshot()) this.snapshot.set(this.items());
    if (this.answered()) return;
    this.answered.set(true);
    const lesson = this.store.lesson(item.lessonId);
    if (lesson) void this.store.recordAnswer(lesson, item.cardIndex, isRightAnswer(item.card, chosen));
  }

  protected next(): void {
    this.answered.set(false);
    this.position.update((p) => p + 1);
  }
}
