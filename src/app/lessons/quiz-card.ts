import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import type { LessonCard } from '../data/catalog-repository';
import { I18n } from '../i18n/i18n';

type QuizCardData = Extract<LessonCard, { kind: 'quiz' }>;

/** Right when exactly the correct options were chosen. */
export function isRightAnswer(card: QuizCardData, chosen: readonly number[]): boolean {
  const right = card.options.flatMap((option, index) => (option.correct ? [index] : []));
  return right.length === chosen.length && right.every((index) => chosen.includes(index));
}

/** A quick-check question: choose, check, read why each chosen answer is right or wrong. */
@Component({
  selector: 'app-quiz-card',
  imports: [IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset #fieldset>
      <legend>{{ card().question }}</legend>
      <p class="hint">{{ i18n.t(card().multiple ? 'lesson.quiz.chooseAny' : 'lesson.quiz.chooseOne') }}</p>
      @for (option of card().options; track $index; let i = $index) {
        <label
          class="option"
          [class.chosen]="chosen().includes(i)"
          [class.right]="checked() && option.correct && chosen().includes(i)"
          [class.wrong]="checked() && !option.correct && chosen().includes(i)"
        >
          <input
            [type]="card().multiple ? 'checkbox' : 'radio'"
            [name]="'quiz-' + cardIndex()"
            [checked]="chosen().includes(i)"
            [disabled]="checked()"
            (change)="toggle(i)"
            [attr.aria-describedby]="checked() && chosen().includes(i) ? 'feedback-' + cardIndex() + '-' + i : null"
          />
          <span>{{ option.text }}</span>
        </label>
        @if (checked() && chosen().includes(i)) {
          <p class="feedback" [class.right]="option.correct" [id]="'feedback-' + cardIndex() + '-' + i">{{ option.feedback }}</p>
        }
      }
    </fieldset>
    <div aria-live="polite" class="verdict" tabindex="-1" #verdict>
      @if (checked()) {
        <strong data-testid="quiz-verdict">{{ i18n.t(correct() ? 'lesson.quiz.correct' : 'lesson.quiz.incorrect') }}</strong>
      }
    </div>
    @if (!checked()) {
      <ion-button expand="block" [disabled]="chosen().length === 0" (click)="check()" data-testid="check-answer">{{
        i18n.t('lesson.quiz.check')
      }}</ion-button>
    } @else if (!correct()) {
      <ion-button expand="block" fill="outline" (click)="retry()">{{ i18n.t('lesson.quiz.tryAgain') }}</ion-button>
    }
  `,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0;
    }
    legend {
      font-size: 1.15rem;
      font-weight: 600;
      margin-bottom: 4px;
    }
    .hint {
      color: var(--ion-color-medium-shade);
      margin: 0 0 12px;
    }
    .option {
      display: flex;
      gap: 12px;
      align-items: flex-start;
      padding: 14px 12px;
      margin-bottom: 8px;
      min-height: 48px;
      border: 2px solid var(--ion-color-light-shade);
      border-radius: 10px;
      cursor: pointer;
    }
    .option input {
      width: 1.4rem;
      height: 1.4rem;
      flex: none;
      margin: 0.1rem 0 0;
    }
    .option.chosen {
      border-color: var(--ion-color-primary);
    }
    .option.right {
      border-color: var(--ion-color-success);
      background: rgba(45, 211, 111, 0.08);
    }
    .option.wrong {
      border-color: var(--ion-color-danger);
      background: rgba(235, 68, 90, 0.06);
    }
    .feedback {
      margin: -4px 0 12px 12px;
      padding-left: 10px;
      border-left: 3px solid var(--ion-color-danger);
    }
    .feedback.right {
      border-left-color: var(--ion-color-success);
    }
    .verdict {
      min-height: 1.5em;
      margin: 8px 0;
      outline: none;
    }
  `,
})
export class QuizCard {
  protected readonly i18n = inject(I18n);
  readonly card = input.required<QuizCardData>();
  readonly cardIndex = input.required<number>();
  /** The options the user checked, each time they check. */
  readonly answered = output<number[]>();

  protected readonly chosen = signal<number[]>([]);
  protected readonly checked = signal(false);
  protected readonly correct = computed(() => isRightAnswer(this.card(), this.chosen()));

  protected toggle(index: number): void {
    if (this.card().multiple) {
      this.chosen.update((c) => (c.includes(index) ? c.filter((i) => i !== index) : [...c, index].sort()));
    } else {
      this.chosen.set([index]);
    }
  }

  private readonly verdict = viewChild.required<ElementRef<HTMLElement>>('verdict');
  private readonly fieldset = viewChild.required<ElementRef<HTMLElement>>('fieldset');

  protected check(): void {
    this.checked.set(true);
    this.answered.emit(this.chosen());
    // The button that had focus is gone: keep keyboard and screen reader users at the verdict.
    queueMicrotask(() => this.verdict().nativeElement.focus());
  }

  protected retry(): void {
    this.checked.set(false);
    this.chosen.set([]);
    queueMicrotask(() => this.fieldset().nativeElement.querySelector('input')?.focus());
  }
}
