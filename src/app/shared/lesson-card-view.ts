import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MediaStore } from '../data/media-store';
import type { LessonCard } from '../data/catalog-repository';
import { I18n } from '../i18n/i18n';
import { RichText } from './rich-text';

/** Shows one text, image, audio, video or action card of a lesson. Quiz cards have their own component. */
@Component({
  selector: 'app-lesson-card-view',
  imports: [RichText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (card().kind) {
      @case ('image') {
        @let image = asImage();
        <figure>
          @if (imageFailed()) {
            <div class="missing" role="img" [attr.aria-label]="image.alt">{{ i18n.t('lesson.image.missing') }}</div>
          } @else if (src(); as url) {
            <img [src]="url" [alt]="image.alt" (error)="imageFailed.set(true)" />
          } @else {
            <div class="missing" aria-hidden="true"></div>
          }
          @if (image.caption) {
            <figcaption>{{ image.caption }}</figcaption>
          }
        </figure>
      }
      @case ('action') {
        @let action = asText();
        <section class="action">
          <p class="action-label">{{ i18n.t('lesson.action.label') }}</p>
          @if (action.title && action.title !== i18n.t('lesson.action.label')) {
            <h3>{{ action.title }}</h3>
          }
          <app-rich-text [text]="action.body" />
        </section>
      }
      @default {
        @if (card().kind === 'audio' || card().kind === 'video') {
          @let media = asMedia();
          <section class="media">
            <h3>{{ media.title }}</h3>
            @if (src(); as url) {
              @if (media.kind === 'audio') {
                <audio controls preload="metadata" [src]="url" [attr.aria-label]="media.title" data-testid="lesson-audio"></audio>
              } @else {
                <video controls preload="metadata" playsinline [src]="url" [attr.aria-label]="media.title"></video>
              }
            }
            <details>
              <summary>{{ i18n.t('lesson.transcript') }}</summary>
              <p>{{ media.transcript }}</p>
            </details>
          </section>
        } @else {
          @let text = asText();
          @if (text.title) {
            <h3>{{ text.title }}</h3>
          }
          <app-rich-text [text]="text.body" />
        }
      }
    }
  `,
  styles: `
    figure {
      margin: 0;
    }
    img {
      width: 100%;
      height: auto;
      border-radius: 12px;
      display: block;
      background: var(--ion-color-light);
      aspect-ratio: 16 / 9;
    }
    figcaption {
      color: var(--ion-color-medium-shade);
      margin-top: 8px;
      font-size: 0.95rem;
    }
    .missing {
      aspect-ratio: 16 / 9;
      display: grid;
      place-items: center;
      background: var(--ion-color-light);
      border-radius: 12px;
      padding: 16px;
      text-align: center;
    }
    h3 {
      font-size: 1.2rem;
      margin: 0 0 12px;
    }
    audio,
    video {
      width: 100%;
      margin-bottom: 12px;
    }
    video {
      border-radius: 12px;
      background: #000;
    }
    details {
      border: 1px solid var(--ion-color-light-shade);
      border-radius: 8px;
      padding: 8px 12px;
    }
    summary {
      cursor: pointer;
      font-weight: 600;
      min-height: 44px;
      display: flex;
      align-items: center;
    }
    .action {
      background: rgba(15, 118, 110, 0.08);
      border-left: 4px solid var(--ion-color-primary);
      padding: 12px 16px;
      border-radius: 8px;
    }
    .action-label {
      text-transform: uppercase;
      letter-spacing: 0.05em;
      font-size: 0.8rem;
      font-weight: 700;
      color: var(--ion-color-primary-shade);
      margin: 0 0 6px;
    }
  `,
})
export class LessonCardView {
  protected readonly i18n = inject(I18n);
  readonly card = input.required<LessonCard>();
  protected readonly imageFailed = signal(false);
  private readonly media = inject(MediaStore);
  /** The file from the device when its programme was downloaded, else from the server. */
  protected readonly src = signal<string | null>(null);

  /** Only a new file is looked up again (the editor changes other fields of the card as the author types). */
  private readonly path = computed(() => {
    const card = this.card();
    return 'src' in card ? card.src : null;
  });

  constructor() {
    effect(() => {
      const path = this.path();
      this.imageFailed.set(false);
      this.src.set(null);
      if (!path) return;
      void this.media.localUrl(path).then((local) => {
        if (this.path() === path) this.src.set(local ?? path);
      });
    });
  }

  protected asImage() {
    return this.card() as Extract<LessonCard, { kind: 'image' }>;
  }

  protected asMedia() {
    return this.card() as Extract<LessonCard, { kind: 'audio' | 'video' }>;
  }

  protected asText() {
    return this.card() as Extract<LessonCard, { kind: 'text' | 'action' }>;
  }
}
