import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonCheckbox } from '@ionic/angular/ion-checkbox';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonInput } from '@ionic/angular/ion-input';
import { IonList } from '@ionic/angular/ion-list';
import { IonProgressBar } from '@ionic/angular/ion-progress-bar';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { IonToggle } from '@ionic/angular/ion-toggle';
import { addIcons } from 'ionicons';
import { add, arrowDown, arrowUp, camera, images, trash, videocam } from 'ionicons/icons';
import type { LessonCard, QuizOption } from '../data/catalog-repository';
import { I18n } from '../i18n/i18n';
import { LessonCardView } from '../shared/lesson-card-view';
import { AudioRecorder } from './audio-recorder';

/** How far the file of a media card got: on the device only, on its way, on the server, or refused. */
export type CardFileState =
  | { readonly kind: 'none' | 'sent' }
  | { readonly kind: 'waiting'; readonly fraction: number | null }
  | { readonly kind: 'refused'; readonly reason: string };

type Card<K extends LessonCard['kind']> = Extract<LessonCard, { kind: K }>;

/** Edits one card of a draft; every keystroke is reported, the page saves. */
@Component({
  selector: 'app-card-editor',
  imports: [IonList, IonInput, IonTextarea, IonButton, IonIcon, IonToggle, IonCheckbox, IonProgressBar, LessonCardView, AudioRecorder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="card" [attr.data-testid]="'card-editor-' + number()">
      <legend>{{ i18n.t('authoring.cardHeading', { number: number(), kind: i18n.t('authoring.kind.' + card().kind) }) }}</legend>
      @switch (card().kind) {
        @case ('image') {
          @let image = asImage();
          @if (image.src) {
            <app-lesson-card-view [card]="image" />
          }
          <div class="buttons">
            <ion-button fill="outline" (click)="camera.click()"
              ><ion-icon slot="start" name="camera" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.takePhoto') }}</ion-button
            >
            <ion-button fill="outline" (click)="picker.click()"
              ><ion-icon slot="start" name="images" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.choosePicture') }}</ion-button
            >
          </div>
          <input
            #camera
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            (change)="chosen($event)"
            [attr.aria-label]="i18n.t('authoring.takePhoto')"
          />
          <input
            #picker
            type="file"
            accept="image/jpeg,image/png,image/webp"
            hidden
            (change)="chosen($event)"
            [attr.aria-label]="i18n.t('authoring.choosePicture')"
            data-testid="picture-file"
          />
          <ion-input
            [label]="i18n.t('authoring.alt')"
            labelPlacement="stacked"
            [helperText]="i18n.t('authoring.altHint')"
            [value]="image.alt"
            (ionInput)="patch({ alt: $event.detail.value ?? '' })"
            data-testid="card-alt"
          />
          <ion-input
            [label]="i18n.t('authoring.caption')"
            labelPlacement="stacked"
            [value]="image.caption ?? ''"
            (ionInput)="patch({ caption: $event.detail.value || undefined })"
          />
        }
        @case ('quiz') {
          @let quiz = asQuiz();
          <ion-textarea
            [label]="i18n.t('authoring.question')"
            labelPlacement="stacked"
            [autoGrow]="true"
            [value]="quiz.question"
            (ionInput)="patch({ question: $event.detail.value ?? '' })"
            data-testid="card-question"
          />
          <ion-toggle [checked]="quiz.multiple" (ionChange)="patch({ multiple: $event.detail.checked })" justify="space-between">
            {{ i18n.t('authoring.multiple') }}
          </ion-toggle>
          <ion-list>
            @for (option of quiz.options; track $index) {
              <div class="option" role="group" [attr.aria-label]="i18n.t('authoring.option', { number: $index + 1 })">
                <ion-input
                  [label]="i18n.t('authoring.option', { number: $index + 1 })"
                  labelPlacement="stacked"
                  [value]="option.text"
                  (ionInput)="patchOption($index, { text: $event.detail.value ?? '' })"
                />
                <ion-textarea
                  [label]="i18n.t('authoring.feedback')"
                  labelPlacement="stacked"
                  [helperText]="i18n.t('authoring.feedbackHint')"
                  [autoGrow]="true"
                  [value]="option.feedback"
                  (ionInput)="patchOption($index, { feedback: $event.detail.value ?? '' })"
                />
                <div class="row">
                  <ion-checkbox
                    [checked]="option.correct"
                    (ionChange)="patchOption($index, { correct: $event.detail.checked })"
                    labelPlacement="end"
                  >
                    {{ i18n.t('authoring.correct') }}
                  </ion-checkbox>
                  <ion-button fill="clear" color="danger" (click)="removeOption($index)" [disabled]="quiz.options.length <= 2">
                    <ion-icon
                      slot="icon-only"
                      name="trash"
                      [attr.aria-label]="i18n.t('authoring.removeOption', { number: $index + 1 })"
                    ></ion-icon>
                  </ion-button>
                </div>
              </div>
            }
          </ion-list>
          @if (quiz.options.length < 6) {
            <ion-button fill="clear" (click)="addOption()"
              ><ion-icon slot="start" name="add" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.addOption') }}</ion-button
            >
          }
        }
        @default {
          @if (card().kind === 'audio' || card().kind === 'video') {
            @let media = asMedia();
            @if (media.src) {
              <app-lesson-card-view [card]="media" />
            }
            <div class="buttons">
              @if (media.kind === 'audio') {
                <app-audio-recorder (recorded)="file.emit($event)" />
                <ion-button fill="outline" (click)="picker.click()">{{ i18n.t('authoring.chooseRecording') }}</ion-button>
              } @else {
                <ion-button fill="outline" (click)="clip.click()"
                  ><ion-icon slot="start" name="videocam" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.recordClip') }}</ion-button
                >
                <ion-button fill="outline" (click)="picker.click()">{{ i18n.t('authoring.chooseClip') }}</ion-button>
              }
            </div>
            <input
              #clip
              type="file"
              accept="video/*"
              capture="environment"
              hidden
              (change)="chosen($event)"
              [attr.aria-label]="i18n.t('authoring.recordClip')"
            />
            <input
              #picker
              type="file"
              [accept]="media.kind === 'audio' ? 'audio/*' : 'video/mp4,video/webm'"
              hidden
              (change)="chosen($event)"
              [attr.aria-label]="i18n.t(media.kind === 'audio' ? 'authoring.chooseRecording' : 'authoring.chooseClip')"
            />
            <ion-input
              [label]="i18n.t('authoring.mediaTitle')"
              labelPlacement="stacked"
              [value]="media.title"
              (ionInput)="patch({ title: $event.detail.value ?? '' })"
            />
            <ion-textarea
              [label]="i18n.t('authoring.transcript')"
              labelPlacement="stacked"
              [helperText]="i18n.t('authoring.transcriptHint')"
              [autoGrow]="true"
              [value]="media.transcript"
              (ionInput)="patch({ transcript: $event.detail.value ?? '' })"
            />
          } @else {
            @let text = asText();
            <ion-input
              [label]="i18n.t('authoring.cardTitle')"
              labelPlacement="stacked"
              [value]="text.title ?? ''"
              (ionInput)="patch({ title: $event.detail.value || undefined })"
              data-testid="card-title"
            />
            <ion-textarea
              [label]="i18n.t(text.kind === 'action' ? 'authoring.actionBody' : 'authoring.body')"
              labelPlacement="stacked"
              [autoGrow]="true"
              [rows]="4"
              [helperText]="i18n.t('authoring.bodyHint')"
              [value]="text.body"
              (ionInput)="patch({ body: $event.detail.value ?? '' })"
              data-testid="card-body"
            />
          }
        }
      }
      @switch (fileState().kind) {
        @case ('waiting') {
          @let waiting = asWaiting();
          <p class="file" role="status" data-testid="file-waiting">
            {{
              waiting.fraction === null
                ? i18n.t('authoring.fileWaiting')
                : i18n.t('authoring.fileSending', { percent: asPercent(waiting.fraction) })
            }}
          </p>
          @if (waiting.fraction !== null) {
            <ion-progress-bar [value]="waiting.fraction" />
          }
        }
        @case ('sent') {
          <p class="file" data-testid="file-sent">{{ i18n.t('authoring.fileSent') }}</p>
        }
        @case ('refused') {
          <p class="file refused" role="alert">{{ i18n.t(asRefused().reason) }}</p>
        }
      }
      <div class="tools">
        <ion-button fill="clear" [disabled]="number() === 1" (click)="move.emit(-1)">
          <ion-icon slot="icon-only" name="arrow-up" [attr.aria-label]="i18n.t('authoring.moveUp', { number: number() })"></ion-icon>
        </ion-button>
        <ion-button fill="clear" [disabled]="number() === total()" (click)="move.emit(1)">
          <ion-icon slot="icon-only" name="arrow-down" [attr.aria-label]="i18n.t('authoring.moveDown', { number: number() })"></ion-icon>
        </ion-button>
        <ion-button fill="clear" color="danger" (click)="remove.emit()">
          <ion-icon slot="start" name="trash" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.removeCard') }}
        </ion-button>
      </div>
    </fieldset>
  `,
  styles: `
    .card {
      border: 1px solid var(--ion-color-light-shade);
      border-radius: 12px;
      padding: 12px;
      margin: 0 0 16px;
      min-width: 0;
    }
    legend {
      font-weight: 700;
      padding: 0 6px;
    }
    .buttons,
    .tools,
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      margin: 8px 0;
    }
    .tools {
      justify-content: flex-end;
    }
    ion-button {
      min-height: 48px;
    }
    .option {
      border-top: 1px solid var(--ion-color-light);
      padding: 8px 0;
    }
    .file {
      margin: 8px 0 4px;
      color: var(--ion-color-medium-shade);
    }
    .refused {
      color: var(--ion-color-danger-shade);
    }
  `,
})
export class CardEditor {
  protected readonly i18n = inject(I18n);
  readonly card = input.required<LessonCard>();
  readonly number = input.required<number>();
  readonly total = input.required<number>();
  readonly fileState = input<CardFileState>({ kind: 'none' });
  readonly changed = output<LessonCard>();
  /** A picture, recording or clip the author chose or made for this card. */
  readonly file = output<Blob>();
  readonly move = output<-1 | 1>();
  readonly remove = output<void>();

  constructor() {
    addIcons({ add, arrowDown, arrowUp, camera, images, trash, videocam });
  }

  /** Optional fields left empty are removed, not kept as empty text (the catalog refuses that). */
  protected patch(change: Partial<Record<string, unknown>>): void {
    const card: Record<string, unknown> = { ...this.card(), ...change };
    for (const key of Object.keys(card)) if (card[key] === undefined) delete card[key];
    this.changed.emit(card as LessonCard);
  }

  protected patchOption(index: number, change: Partial<QuizOption>): void {
    const options = this.asQuiz().options.map((option, i) => (i === index ? { ...option, ...change } : option));
    this.patch({ options });
  }

  protected addOption(): void {
    this.patch({ options: [...this.asQuiz().options, { text: '', correct: false, feedback: '' }] });
  }

  protected removeOption(index: number): void {
    this.patch({ options: this.asQuiz().options.filter((_, i) => i !== index) });
  }

  protected chosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = '';
    if (chosen) this.file.emit(chosen);
  }

  protected asPercent(fraction: number): number {
    return Math.round(fraction * 100);
  }

  protected asImage() {
    return this.card() as Card<'image'>;
  }
  protected asQuiz() {
    return this.card() as Card<'quiz'>;
  }
  protected asMedia() {
    return this.card() as Card<'audio' | 'video'>;
  }
  protected asText() {
    return this.card() as Card<'text' | 'action'>;
  }
  protected asWaiting() {
    return this.fileState() as Extract<CardFileState, { kind: 'waiting' }>;
  }
  protected asRefused() {
    return this.fileState() as Extract<CardFileState, { kind: 'refused' }>;
  }
}
