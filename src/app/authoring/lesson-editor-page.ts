import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { addIcons } from 'ionicons';
import { eye, send, cloudUpload } from 'ionicons/icons';
import type { LessonDraft } from '../data/authoring-repository';
import type { CardKind, LessonCard } from '../data/catalog-repository';
import { MediaQuotaError } from '../data/media-store';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { TOPICS } from '../shared/topics';
import { SyncIndicator } from '../sync/sync-indicator';
import { AuthoringStore } from './authoring-store';
import { CardEditor, type CardFileState } from './card-editor';
import { MAX_MINUTES, draftProblems, type DraftProblem } from './draft-problems';
import { MediaUploads, extensionFor } from '../sync/media-uploads';
import { preparePicture } from '../shared/picture';

const NEW_CARDS: Record<CardKind, () => LessonCard> = {
  text: () => ({ kind: 'text', body: '' }),
  image: () => ({ kind: 'image', src: '', alt: '' }),
  audio: () => ({ kind: 'audio', src: '', title: '', transcript: '' }),
  video: () => ({ kind: 'video', src: '', title: '', transcript: '' }),
  quiz: () => ({
    kind: 'quiz',
    question: '',
    multiple: false,
    options: [
      { text: '', correct: true, feedback: '' },
      { text: '', correct: false, feedback: '' },
    ],
  }),
  action: () => ({ kind: 'action', body: '' }),
};

/** Wait this long after the last keystroke before saving: often enough that nothing typed is lost. */
const SAVE_DELAY_MS = 400;

/**
 * Writes one lesson: its details, its cards of every kind with photos, recordings and clips, a
 * preview, and the way to review or publication. Saved on the device as the author types.
 */
@Component({
  selector: 'app-lesson-editor-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonContent,
    IonList,
    IonItem,
    IonInput,
    IonTextarea,
    IonSelect,
    IonSelectOption,
    IonButton,
    IonIcon,
    RouterLink,
    SyncIndicator,
    CardEditor,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-buttons slot="start"><ion-back-button defaultHref="/learn/studio" [text]="i18n.t('authoring.studio')" /></ion-buttons>
        <ion-title>{{ i18n.t('authoring.editTitle') }}</ion-title>
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      @if (working(); as draft) {
        <div class="page">
          <section class="status" role="status" data-testid="draft-status">
            <p>
              <strong>{{ i18n.t('authoring.status.' + draft.status) }}</strong>
              @if (draft.publishedVersion) {
                · {{ i18n.t('authoring.publishedVersion', { version: draft.publishedVersion }) }}
              }
              @if (saving()) {
                · {{ i18n.t('authoring.saving') }}
              }
            </p>
            @if (draft.reviewNote) {
              <p class="note" data-testid="review-note">{{ i18n.t('authoring.reviewNote', { note: draft.reviewNote }) }}</p>
            }
            @if (draft.publishError) {
              <p class="error">{{ i18n.t('authoring.publishError', { reason: i18n.refusal(draft.publishError) }) }}</p>
            }
            @if (draft.status === 'publishing' && waitingFiles() > 0) {
              <p>{{ i18n.t('authoring.publishWaitsForFiles', { count: waitingFiles() }) }}</p>
            }
            @if (notice()) {
              <p class="error" role="alert">{{ i18n.t(notice()!) }}</p>
            }
          </section>

          <ion-list lines="none">
            <ion-item
              ><ion-input
                [label]="i18n.t('authoring.title')"
                labelPlacement="stacked"
                [value]="draft.title"
                [maxlength]="120"
                (ionInput)="edit({ title: $event.detail.value ?? '' })"
                data-testid="draft-title"
            /></ion-item>
            <ion-item
              ><ion-textarea
                [label]="i18n.t('authoring.summary')"
                labelPlacement="stacked"
                [autoGrow]="true"
                [value]="draft.summary"
                [maxlength]="400"
                (ionInput)="edit({ summary: $event.detail.value ?? '' })"
                data-testid="draft-summary"
            /></ion-item>
            <ion-item>
              <ion-select
                [label]="i18n.t('authoring.programme')"
                labelPlacement="stacked"
                interface="popover"
                [value]="draft.programmeId"
                (ionChange)="edit({ programmeId: $event.detail.value })"
              >
                @for (summary of lessons.programmes(); track summary.programme.id) {
                  <ion-select-option [value]="summary.programme.id">{{ summary.programme.title }}</ion-select-option>
                }
              </ion-select>
            </ion-item>
            <ion-item>
              <ion-select
                [label]="i18n.t('authoring.topic')"
                labelPlacement="stacked"
                interface="popover"
                [value]="draft.topic"
                (ionChange)="edit({ topic: $event.detail.value })"
              >
                @for (topic of topics; track topic) {
                  <ion-select-option [value]="topic">{{ i18n.t('topic.' + topic) }}</ion-select-option>
                }
              </ion-select>
            </ion-item>
            <ion-item>
              <ion-select
                [label]="i18n.t('authoring.minutes')"
                labelPlacement="stacked"
                interface="popover"
                [value]="draft.minutes"
                (ionChange)="edit({ minutes: $event.detail.value })"
              >
                @for (m of minuteOptions; track m) {
                  <ion-select-option [value]="m">{{ i18n.t('learn.minutesOption', { minutes: m }) }}</ion-select-option>
                }
              </ion-select>
            </ion-item>
            <ion-item>
              <ion-select
                [label]="i18n.t('authoring.language')"
                labelPlacement="stacked"
                interface="popover"
                [value]="draft.language"
                (ionChange)="edit({ language: $event.detail.value })"
              >
                @for (language of languages; track language[0]) {
                  <ion-select-option [value]="language[0]">{{ language[1] }}</ion-select-option>
                }
              </ion-select>
            </ion-item>
          </ion-list>

          <h2>{{ i18n.t('authoring.cards', { count: draft.cards.length }) }}</h2>
          @for (card of draft.cards; track $index) {
            <app-card-editor
              [card]="card"
              [number]="$index + 1"
              [total]="draft.cards.length"
              [fileState]="fileState(card)"
              (changed)="editCard($index, $event)"
              (file)="attach($index, $event)"
              (move)="moveCard($index, $event)"
              (remove)="removeCard($index)"
            />
          }
          <section class="add" aria-labelledby="add-card">
            <h3 id="add-card">{{ i18n.t('authoring.addCard') }}</h3>
            <div class="kinds">
              @for (kind of kinds; track kind) {
                <ion-button
                  fill="outline"
                  (click)="addCard(kind)"
                  [disabled]="draft.cards.length >= 12"
                  [attr.data-testid]="'add-' + kind"
                  >{{ i18n.t('authoring.kind.' + kind) }}</ion-button
                >
              }
            </div>
          </section>

          @if (problems().length > 0) {
            <section class="problems" aria-labelledby="problems-heading" data-testid="draft-problems">
              <h3 id="problems-heading">{{ i18n.t('authoring.problemsHeading') }}</h3>
              <ul>
                @for (problem of problems(); track $index) {
                  <li>{{ problemText(problem) }}</li>
                }
              </ul>
            </section>
          }

          <div class="actions">
            <ion-button fill="outline" [routerLink]="['/learn/studio', draft.id, 'preview']" data-testid="preview-draft">
              <ion-icon slot="start" name="eye" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.preview') }}
            </ion-button>
            @if (!store.mayPublish() && draft.status === 'draft') {
              <ion-button (click)="submit()" [disabled]="problems().length > 0" data-testid="submit-draft">
                <ion-icon slot="start" name="send" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.submit') }}
              </ion-button>
            }
            @if (store.mayPublish() && draft.status !== 'publishing' && draft.status !== 'published') {
              <ion-button color="success" (click)="publish()" [disabled]="problems().length > 0" data-testid="publish-draft">
                <ion-icon slot="start" name="cloud-upload" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.publish') }}
              </ion-button>
            }
          </div>

          @if (store.mayPublish() && draft.author !== store.userName() && draft.status === 'submitted') {
            <section class="review" aria-labelledby="review-heading">
              <h3 id="review-heading">{{ i18n.t('authoring.returnHeading', { author: draft.author }) }}</h3>
              <ion-textarea
                [label]="i18n.t('authoring.returnNote')"
                labelPlacement="stacked"
                [autoGrow]="true"
                [value]="returnNote()"
                (ionInput)="returnNote.set($event.detail.value ?? '')"
                data-testid="return-note"
              />
              <ion-button fill="outline" (click)="returnToAuthor()" [disabled]="returnNote().trim().length === 0">{{
                i18n.t('authoring.returnToAuthor')
              }}</ion-button>
            </section>
          }

          <ion-button fill="clear" color="danger" (click)="remove()" class="delete">
            {{ confirmDelete() ? i18n.t('authoring.deleteConfirm') : i18n.t('authoring.delete') }}
          </ion-button>
        </div>
      } @else {
        <p>{{ i18n.t('authoring.notFound') }}</p>
      }
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    .status {
      background: var(--ion-color-light);
      border-radius: 12px;
      padding: 4px 12px;
      margin-bottom: 12px;
    }
    .error {
      color: var(--ion-color-danger-shade);
    }
    .note {
      white-space: pre-wrap;
    }
    .kinds,
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .actions {
      margin: 16px 0;
    }
    ion-button {
      min-height: 48px;
    }
    .problems {
      border-left: 4px solid var(--ion-color-warning);
      padding: 0 12px;
      margin: 16px 0;
    }
    .review {
      margin: 24px 0;
    }
    .delete {
      margin-top: 24px;
    }
  `,
})
export class LessonEditorPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(AuthoringStore);
  protected readonly lessons = inject(LessonsStore);
  private readonly uploads = inject(MediaUploads);
  private readonly router = inject(Router);
  /** Route parameter: the draft id. */
  readonly id = input.required<string>();

  /** The draft as the author sees it, including keystrokes not saved yet. */
  protected readonly working = signal<LessonDraft | null>(null);
  protected readonly saving = signal(false);
  protected readonly notice = signal<string | null>(null);
  protected readonly returnNote = signal('');
  protected readonly confirmDelete = signal(false);
  /** A problem in the user's language; the catalog rule's own refusal is translated by its code. */
  protected problemText(problem: DraftProblem): string {
    const reason = problem.params?.['reason'];
    return this.i18n.t(
      problem.key,
      reason === undefined ? problem.params : { ...problem.params, reason: this.i18n.refusal(String(reason)) },
    );
  }

  protected readonly problems = computed(() => {
    const draft = this.working();
    return draft ? draftProblems(draft) : [];
  });
  protected readonly waitingFiles = computed(() => {
    const names = new Set(this.working()?.waitingForMedia ?? []);
    const here = this.uploads
      .uploads()
      .filter((u) => u.state !== 'sent' && this.working()?.cards.some((c) => 'src' in c && c.src === `media/${u.id}`));
    return Math.max(names.size, here.length);
  });

  protected readonly topics = TOPICS;
  protected readonly kinds: CardKind[] = ['text', 'image', 'audio', 'video', 'quiz', 'action'];
  protected readonly minuteOptions = Array.from({ length: MAX_MINUTES }, (_, i) => i + 1);
  protected readonly languages = Object.entries(LANGUAGE_NAMES);

  private dirty = false;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    addIcons({ eye, send, cloudUpload });
    // The stored draft replaces the working copy unless the author has unsaved keystrokes.
    effect(() => {
      const stored = this.store.draft(this.id());
      if (!untracked(() => this.dirty)) this.working.set(stored);
    });
    inject(DestroyRef).onDestroy(() => void this.flush());
  }

  protected edit(change: Partial<LessonDraft>): void {
    const draft = this.working();
    if (!draft) return;
    this.working.set({ ...draft, ...change });
    this.dirty = true;
    this.confirmDelete.set(false);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
  }

  protected editCard(index: number, card: LessonCard): void {
    this.edit({ cards: this.working()!.cards.map((c, i) => (i === index ? card : c)) });
  }

  protected addCard(kind: CardKind): void {
    this.edit({ cards: [...this.working()!.cards, NEW_CARDS[kind]()] });
  }

  protected moveCard(index: number, step: -1 | 1): void {
    const cards = [...this.working()!.cards];
    const [card] = cards.splice(index, 1);
    cards.splice(index + step, 0, card!);
    this.edit({ cards });
  }

  protected removeCard(index: number): void {
    this.edit({ cards: this.working()!.cards.filter((_, i) => i !== index) });
  }

  /** A photo is made smaller first; every file is kept on the device and uploaded when there is a connection. */
  protected async attach(index: number, chosen: Blob): Promise<void> {
    const card = this.working()?.cards[index];
    if (!card || !('src' in card)) return;
    this.notice.set(null);
    const file = card.kind === 'image' ? await preparePicture(chosen) : chosen;
    // Recorders label sound-only WebM either way, so audio and video cards take both.
    const fits = card.kind === 'image' ? /^image\//.test(file.type) : /^(audio|video)\//.test(file.type);
    if (!fits || !extensionFor(file.type)) return this.notice.set('authoring.fileType');
    try {
      const src = await this.uploads.add(this.id(), file);
      this.editCard(index, { ...this.working()!.cards[index]!, src } as LessonCard);
    } catch (error) {
      this.notice.set(error instanceof MediaQuotaError ? 'authoring.fileSpace' : 'authoring.fileType');
    }
  }

  protected fileState(card: LessonCard): CardFileState {
    if (!('src' in card) || !card.src.startsWith('media/u-')) return { kind: 'none' };
    const name = card.src.slice('media/'.length);
    const upload = this.uploads.uploads().find((u) => u.id === name);
    if (!upload) return { kind: 'none' };
    if (upload.state === 'sent') return { kind: 'sent' };
    if (upload.state === 'refused') return { kind: 'refused', reason: upload.reason ?? 'upload.refused.other' };
    const progress = this.uploads.progress();
    return { kind: 'waiting', fraction: progress?.name === name ? progress.fraction : null };
  }

  protected async submit(): Promise<void> {
    const draft = await this.flush();
    if (draft) await this.store.submit(draft);
  }

  protected async publish(): Promise<void> {
    const draft = await this.flush();
    if (draft) await this.store.publish(draft);
  }

  protected async returnToAuthor(): Promise<void> {
    const draft = await this.flush();
    if (draft) await this.store.returnToAuthor(draft, this.returnNote());
    this.returnNote.set('');
  }

  protected async remove(): Promise<void> {
    if (!this.confirmDelete()) return this.confirmDelete.set(true);
    const draft = this.working();
    this.dirty = false;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (draft) await this.store.remove(draft);
    await this.router.navigateByUrl('/learn/studio');
  }

  /** Saves unsaved keystrokes now; returns the draft as stored. */
  private async flush(): Promise<LessonDraft | null> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const draft = this.working();
    if (!this.dirty || !draft) return draft;
    this.dirty = false;
    this.saving.set(true);
    try {
      return await this.store.update(draft, {});
    } finally {
      this.saving.set(false);
    }
  }
}
