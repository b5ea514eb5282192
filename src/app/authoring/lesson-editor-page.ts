import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonIcon } from '@ionic/angular/ion-icon';
import { IonInput } from '@ionic/angular/ion-input';
import { IonItem } from '@ionic/angular/ion-item';
import { IonList } from '@ionic/angular/ion-list';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { addIcons } from 'ionicons';
import { eye, send, cloudUpload } from 'ionicons/icons';
import type { LessonDraft } from '../data/authoring-repository';
import type { CardKind, LessonCard } from '../data/catalog-repository';
import { MediaQuotaError } from '../data/media-store';
import { I18n, LANGUAGE_NAMES } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { TOPICS } from '../shared/topics';
import { AuthoringStore } from './authoring-store';
import { CardEditor, type CardFileState } from './card-editor';
import { MAX_MINUTES, draftProblems, type DraftProblem } from './draft-problems';
import { MediaUploads, extensionFor } from '../sync/media-uploads';
import { preparePicture } from '../shared/picture';
import { LessonReviews } from '../shared/lesson-reviews';
import { ReviewsStore } from '../reviews/reviews-store';
import { CPD_PROGRAMME_ID } from '../../../sync-server/couchdb/workshops/cohort-kinds';
import { PageHeader } from '../shared/page-header';

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
    PageHeader,
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
    CardEditor,
    LessonReviews,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './lesson-editor-page.html',
  styleUrl: './lesson-editor-page.css',
})
export class LessonEditorPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(AuthoringStore);
  protected readonly lessons = inject(LessonsStore);
  private readonly uploads = inject(MediaUploads);
  protected readonly reviewsStore = inject(ReviewsStore);
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

  /** A CPD lesson shows stakeholders' reviews of it (and of its translations) beside it. */
  protected readonly isCpd = computed(() => this.working()?.programmeId === CPD_PROGRAMME_ID);
  protected readonly reviews = computed(() => {
    const draft = this.working();
    return draft ? this.reviewsStore.reviewsOf(draft.lessonId) : null;
  });

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
    void this.reviewsStore.readFromServer();
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
