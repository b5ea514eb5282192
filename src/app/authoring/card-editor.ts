import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonCheckbox } from '@ionic/angular/ion-checkbox';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonInput } from '@ionic/angular/ion-input';
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
  imports: [IonInput, IonTextarea, IonButton, IonIcon, IonToggle, IonCheckbox, IonProgressBar, LessonCardView, AudioRecorder],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './card-editor.html',
  styleUrl: './card-editor.css',
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
