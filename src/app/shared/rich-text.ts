import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { parseRichText } from './rich-text-parser';

/** Renders lesson markup as text nodes only (see rich-text-parser.ts). */
@Component({
  selector: 'app-rich-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (block of blocks(); track $index) {
      @if (block.kind === 'paragraph') {
        <p>
          @for (span of block.spans; track $index) {
            @if (span.bold) {
              <strong>{{ span.text }}</strong>
            } @else if (span.italic) {
              <em>{{ span.text }}</em>
            } @else {
              {{ span.text }}
            }
          }
        </p>
      } @else {
        <ul>
          @for (item of block.items; track $index) {
            <li>
              @for (span of item; track $index) {
                @if (span.bold) {
                  <strong>{{ span.text }}</strong>
                } @else if (span.italic) {
                  <em>{{ span.text }}</em>
                } @else {
                  {{ span.text }}
                }
              }
            </li>
          }
        </ul>
      }
    }
  `,
  styles: `
    :host {
      display: block;
      line-height: 1.55;
    }
    p,
    ul {
      margin: 0 0 0.8em;
    }
    li {
      margin-bottom: 0.3em;
    }
  `,
})
export class RichText {
  readonly text = input.required<string>();
  protected readonly blocks = computed(() => parseRichText(this.text()));
}
