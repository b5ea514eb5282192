import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { I18n } from '../i18n/i18n';

/**
 * A choice of 1 to 5 as large radio buttons (a thumb's width each, wrapping at 200 % text), for a
 * fieldset whose legend says what is rated. Each button's name for screen readers is the message
 * `labelKey` with `{level}` and `labelParams`.
 */
@Component({
  selector: 'app-rating-scale',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="choices">
      @for (level of levels; track level) {
        <label class="choice" [class.chosen]="value() === level">
          <input
            type="radio"
            [name]="name()"
            [value]="level"
            [checked]="value() === level"
            (change)="chosen.emit(level)"
            [attr.aria-label]="i18n.t(labelKey(), { level, ...labelParams() })"
          />
          <span aria-hidden="true">{{ level }}</span>
        </label>
      }
    </div>
  `,
  styles: `
    .choices {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .choice {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 0.25rem;
      min-width: 3rem;
      min-height: 3rem;
      border: 2px solid var(--ion-color-medium-tint);
      border-radius: 0.5rem;
      cursor: pointer;
      font-weight: 600;
      flex: 1 1 3rem;
    }
    .choice.chosen {
      border-color: var(--ion-color-primary);
      background: rgba(var(--ion-color-primary-rgb), 0.1);
    }
    .choice input {
      width: 1.1rem;
      height: 1.1rem;
      margin: 0;
    }
  `,
})
export class RatingScale {
  /** The radio group's name, unique on the page. */
  readonly name = input.required<string>();
  readonly value = input<number | null | undefined>();
  /** What a screen reader says for each level ("3 of 5 for Cash flow"): a message with `{level}`. */
  readonly labelKey = input.required<string>();
  readonly labelParams = input<Record<string, string | number>>({});
  readonly chosen = output<number>();
  protected readonly i18n = inject(I18n);
  protected readonly levels = [1, 2, 3, 4, 5];
}
