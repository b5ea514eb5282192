import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { I18n } from '../i18n/i18n';
import { memberName } from './member-name';
import { LessonCardView } from '../shared/lesson-card-view';
import { LessonsStore } from '../lessons/lessons-store';
import { RichText } from '../shared/rich-text';
import { SyncIndicator } from '../sync/sync-indicator';
import { DiscussionsStore } from './discussions-store';
import { PostCard, type PostAction } from './post-card';
import type { PostView } from './thread-assembly';

/** One thread: the question, the answers with one level of replies, and what each person may do. */
@Component({
  selector: 'app-thread-page',
  imports: [
    IonHeader,
    IonToolbar,
    IonTitle,
    IonButtons,
    IonBackButton,
    IonContent,
    IonButton,
    IonTextarea,
    RouterLink,
    SyncIndicator,
    PostCard,
    RichText,
    LessonCardView,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-buttons slot="start"><ion-back-button defaultHref="/community" [text]="i18n.t('community.title')" /></ion-buttons>
        <ion-title>{{ thread()?.title }}</ion-title>
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      @if (thread(); as t) {
        <div class="page">
          <h1 data-testid="thread-title">{{ t.title }}</h1>
          <p class="meta">
            {{ i18n.t('thread.askedBy', { author: who(t.author), time: i18n.time(t.createdAt) }) }} · {{ i18n.t('topic.' + t.topic) }}
            @if (t.pinned) {
              · {{ i18n.t('community.pinned') }}
            }
            @if (t.locked) {
              · {{ i18n.t('community.locked') }}
            }
          </p>
          @if (t.deleted) {
            <p class="muted">{{ i18n.t('thread.withdrawn') }}</p>
          } @else {
            <app-rich-text [text]="t.body" />
            @if (t.photo) {
              <app-lesson-card-view [card]="{ kind: 'image', src: t.photo, alt: i18n.t('thread.photoBy', { author: t.author }) }" />
            }
          }
          @if (store.deliveries().get(t.id); as d) {
            <p class="delivery" data-testid="thread-delivery" [attr.data-state]="d.state">
              {{
                d.state === 'sent'
                  ? i18n.t('thread.sentAt', { time: i18n.time(d.sentAt ?? t.createdAt) })
                  : d.state === 'waiting'
                    ? i18n.t('thread.waiting')
                    : i18n.t('thread.refused', { reason: i18n.refusal(refusedReason(t.id)) })
              }}
            </p>
          }
          <div class="actions">
            <ion-button size="small" fill="outline" (click)="store.toggleFollow(t.id, t.followed)" [attr.aria-pressed]="t.followed">
              {{ i18n.t(t.followed ? 'thread.following' : 'thread.follow') }}
            </ion-button>
            @if (lessonTitle(); as title) {
              <ion-button size="small" fill="clear" [routerLink]="['/learn/lesson', t.lessonId]">{{
                i18n.t('thread.aboutLesson', { title })
              }}</ion-button>
            }
            @if (store.isModerator()) {
              <ion-button size="small" fill="clear" (click)="moderateThread(t.id, t.pinned ? 'unpin' : 'pin')" data-testid="pin">{{
                i18n.t(t.pinned ? 'thread.unpin' : 'thread.pin')
              }}</ion-button>
              <ion-button size="small" fill="clear" (click)="moderateThread(t.id, t.locked ? 'unlock' : 'lock')" data-testid="lock">{{
                i18n.t(t.locked ? 'thread.unlock' : 'thread.lock')
              }}</ion-button>
            }
          </div>

          <h2>{{ i18n.t('thread.answers', { count: t.replyCount }) }}</h2>
          @for (post of t.posts; track post.id) {
            <app-post-card
              [post]="post"
              [me]="store.me()"
              [delivery]="store.deliveries().get(post.id)"
              [mayReply]="mayWrite()"
              [mayAccept]="t.author === store.me() && post.author !== store.me()"
              [mayModerate]="store.isModerator()"
              (act)="act(post, $event)"
            >
              @for (reply of post.replies; track reply.id) {
                <app-post-card
                  [post]="reply"
                  [me]="store.me()"
                  [delivery]="store.deliveries().get(reply.id)"
                  [mayReply]="mayWrite()"
                  [mayAccept]="t.author === store.me() && reply.author !== store.me()"
                  [mayModerate]="store.isModerator()"
                  (act)="act(reply, $event)"
                />
              }
            </app-post-card>
          } @empty {
            <p class="muted">{{ i18n.t('thread.noAnswers') }}</p>
          }

          @if (mayWrite()) {
            <section class="composer" aria-labelledby="answer-heading">
              <h2 id="answer-heading">{{ i18n.t('thread.yourAnswer') }}</h2>
              <ion-textarea
                [label]="i18n.t('thread.answerLabel')"
                labelPlacement="stacked"
                [autoGrow]="true"
                [rows]="3"
                [value]="answer()"
                [helperText]="i18n.t('thread.formatHint')"
                (ionInput)="answer.set($event.detail.value ?? '')"
                data-testid="answer"
              />
              <div class="photo-row">
                <ion-button fill="outline" (click)="photoInput.click()">{{
                  i18n.t(photo() ? 'thread.photoChange' : 'thread.photoAdd')
                }}</ion-button>
                <input
                  #photoInput
                  type="file"
                  accept="image/*"
                  hidden
                  (change)="choosePhoto($event)"
                  [attr.aria-label]="i18n.t('thread.photoAdd')"
                  data-testid="answer-photo"
                />
                @if (photo()) {
                  <span role="status">{{ i18n.t('thread.photoReady') }}</span>
                  <ion-button fill="clear" (click)="photo.set(null)">{{ i18n.t('thread.photoRemove') }}</ion-button>
                }
              </div>
              <ion-button (click)="send()" [disabled]="answer().trim().length === 0" data-testid="send-answer">{{
                i18n.t('thread.send')
              }}</ion-button>
            </section>
          } @else {
            <p class="muted" role="note">{{ i18n.t('thread.lockedNote') }}</p>
          }
        </div>
      } @else {
        <p>{{ i18n.t('thread.notFound') }}</p>
      }
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    h1 {
      font-size: 1.4rem;
    }
    h2 {
      font-size: 1.1rem;
      margin-top: 24px;
    }
    .meta,
    .muted {
      color: var(--ion-color-medium-shade);
    }
    .delivery {
      font-size: 0.85rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    ion-button {
      min-height: 44px;
    }
    .composer {
      margin-top: 24px;
    }
    .photo-row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      margin: 8px 0;
    }
  `,
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

  protected choosePhoto(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file?.type.startsWith('image/')) this.photo.set(file);
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
