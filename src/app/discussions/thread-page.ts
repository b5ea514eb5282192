import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { I18n } from '../i18n/i18n';
import { memberName } from './member-name';
import { LessonCardView } from '../shared/lesson-card-view';
import { LessonsStore } from '../lessons/lessons-store';
import { RichText } from '../shared/rich-text';
import { DiscussionsStore } from './discussions-store';
import { PhotoPicker } from './photo-picker';
import { PostCard, type PostAction } from './post-card';
import type { PostView } from './thread-assembly';
import { PageHeader } from '../shared/page-header';

/** One thread: the question, the answers with one level of replies, and what each person may do. */
@Component({
  selector: 'app-thread-page',
  imports: [PageHeader, IonContent, IonButton, IonTextarea, RouterLink, PostCard, RichText, LessonCardView, PhotoPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './thread-page.html',
  styleUrl: './thread-page.css',
})
export class ThreadPage {
  protected readonly i18n = inject(I18n);
  protected readonly who = (author: string) => memberName(this.i18n, author);
  protected readonly store = inject(DiscussionsStore);
  private readonly alerts = inject(AlertController);
  /** Route parameter: the thread id. */
  readonly id = input.required<string>();
  protected readonly thread = computed(() => this.store.thread(this.id()));
  protected readonly answer = signal('');
  /** A photo chosen for the answer being written. */
  protected readonly photo = signal<Blob | null>(null);
  /** Locked threads take no more answers, except from moderators. */
  protected readonly mayWrite = computed(() => !this.thread()?.locked || this.store.isModerator());
  private readonly lessons = inject(LessonsStore);
  protected readonly lessonTitle = computed(() => {
    const lessonId = this.thread()?.lessonId;
    return lessonId ? (this.lessons.lesson(lessonId)?.title ?? null) : null;
  });

  constructor() {
    // Whatever is on the screen has been read, also what arrives while it is open.
    effect(() => {
      const thread = this.thread();
      if (thread) untracked(() => void this.store.markRead(thread.id));
    });
  }

  protected async send(): Promise<void> {
    const text = this.answer();
    const photo = this.photo() ?? undefined;
    this.answer.set('');
    this.photo.set(null);
    try {
      await this.store.reply(this.id(), text, undefined, photo);
    } catch (error) {
      // Not saved (the phone is full, say): the answer comes back to be sent again.
      this.answer.set(text);
      this.photo.set(photo ?? null);
      throw error;
    }
  }

  protected refusedReason(docId: string): string {
    const delivery = this.store.deliveries().get(docId);
    return delivery?.state === 'refused' ? delivery.reason : '';
  }

  /** Pinning and closing change what the whole network sees: asked first, in words that say what happens. */
  protected async moderateThread(threadId: string, action: 'pin' | 'unpin' | 'lock' | 'unlock'): Promise<void> {
    const alert = await this.alerts.create({
      header: this.i18n.t(`thread.confirm.${action}`),
      message: this.i18n.t(`thread.confirm.${action}.detail`),
      buttons: [
        { text: this.i18n.t('thread.cancel'), role: 'cancel' },
        { text: this.i18n.t(`thread.${action}`), role: 'confirm', cssClass: 'moderation-confirm' },
      ],
    });
    await alert.present();
    if ((await alert.onDidDismiss()).role === 'confirm') await this.store.moderate(threadId, action);
  }

  protected async act(post: PostView, action: PostAction): Promise<void> {
    switch (action.kind) {
      case 'reply':
        return void (await this.store.reply(this.id(), action.text, post.id));
      case 'edit':
        return this.store.edit(post.id, action.text);
      case 'resend':
        return this.store.resend(post.id, action.text);
      case 'withdraw':
        return this.store.withdraw(post.id);
      case 'helpful':
        return this.store.toggleHelpful(post.id, post.helpfulByMe);
      case 'accept':
        return this.store.accept(this.id(), post.id);
      case 'report':
        return this.store.report(post.id, action.text);
      case 'hide':
        return this.store.moderate(post.id, 'hide', action.text);
      case 'show':
        return this.store.moderate(post.id, 'show', this.i18n.t('thread.shownAgain'));
    }
  }
}
