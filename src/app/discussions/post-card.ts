import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { I18n } from '../i18n/i18n';
import { memberName } from './member-name';
import { LessonCardView } from '../shared/lesson-card-view';
import { RichText } from '../shared/rich-text';
import type { Delivery } from './discussions-store';
import type { PostView } from './thread-assembly';

export type PostAction =
  | { kind: 'reply' | 'edit' | 'report' | 'hide' | 'resend'; text: string }
  | { kind: 'helpful' | 'accept' | 'withdraw' | 'show' };

/** One post (or reply) with what the user may do with it; the thread page carries the actions out. */
@Component({
  selector: 'app-post-card',
  imports: [IonButton, IonTextarea, RichText, LessonCardView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = post();
    <article
      class="post"
      [class.accepted]="p.accepted"
      [attr.aria-label]="i18n.t('thread.postBy', { author: who(p.author) })"
      data-testid="post"
    >
      <header>
        <strong>{{ who(p.author) }}</strong> · <time [attr.datetime]="p.createdAt">{{ i18n.time(p.createdAt) }}</time>
        @if (p.accepted) {
          · <span class="badge">{{ i18n.t('thread.accepted') }}</span>
        }
        @if (p.history.length > 1) {
          · {{ i18n.t('thread.edited') }}
        }
        @if (p.mentions.includes(me())) {
          · <span class="badge">{{ i18n.t('thread.mentionsYou') }}</span>
        }
      </header>
      @if (p.deleted) {
        <p class="muted">{{ i18n.t('thread.withdrawn') }}</p>
      } @else if (p.hiddenReason !== null && !mayModerate() && p.author !== me()) {
        <p class="muted">{{ i18n.t('thread.hiddenForOthers') }}</p>
      } @else {
        @if (p.hiddenReason !== null) {
          <p class="hidden-note" role="note" data-testid="hidden-note">
            {{ i18n.t('thread.hiddenWithReason', { reason: p.hiddenReason }) }}
          </p>
        }
        <app-rich-text [text]="p.body" />
        @if (p.photo) {
          <app-lesson-card-view
            [card]="{ kind: 'image', src: p.photo, alt: i18n.t('thread.photoBy', { author: p.author }) }"
            data-testid="post-photo"
          />
        }
        @if (p.history.length > 1) {
          <details>
            <summary>{{ i18n.t('thread.history') }}</summary>
            @for (version of p.history; track $index) {
              <p>
                <time>{{ i18n.time(version.at) }}</time
                >: {{ version.body }}
              </p>
            }
          </details>
        }
      }
      @if (delivery(); as d) {
        @switch (d.state) {
          @case ('waiting') {
            <p class="delivery waiting" data-testid="delivery" data-state="waiting">{{ i18n.t('thread.waiting') }}</p>
          }
          @case ('sent') {
            <p class="delivery" data-testid="delivery" data-state="sent">
              {{ i18n.t('thread.sentAt', { time: i18n.time(d.sentAt ?? p.createdAt) }) }}
            </p>
          }
          @case ('refused') {
            <div class="delivery refused" role="alert" data-testid="delivery" data-state="refused">
              <p>{{ i18n.t('thread.refused', { reason: i18n.refusal(asRefused(d)) }) }}</p>
              <ion-textarea
                [label]="i18n.t('thread.fixAndResend')"
                labelPlacement="stacked"
                [autoGrow]="true"
                [value]="p.body"
                (ionInput)="draft.set($event.detail.value ?? '')"
                data-testid="resend-text"
              />
              <ion-button size="small" (click)="send('resend')" data-testid="resend">{{ i18n.t('thread.resend') }}</ion-button>
            </div>
          }
        }
      }
      @if (!p.deleted) {
        <div class="actions">
          <!-- A post a moderator hid is not marked helpful or accepted. -->
          @if (p.author !== me() && p.hiddenReason === null) {
            <ion-button
              size="small"
              fill="clear"
              (click)="act.emit({ kind: 'helpful' })"
              [attr.aria-pressed]="p.helpfulByMe"
              data-testid="helpful"
            >
              {{ i18n.t(p.helpfulByMe ? 'thread.helpfulMarked' : 'thread.helpful', { count: p.helpful }) }}
            </ion-button>
          } @else if (p.helpful > 0) {
            <span class="muted">{{ i18n.t('thread.helpfulCount', { count: p.helpful }) }}</span>
          }
          @if (mayAccept() && !p.accepted && p.hiddenReason === null) {
            <ion-button size="small" fill="clear" (click)="act.emit({ kind: 'accept' })">{{ i18n.t('thread.accept') }}</ion-button>
          }
          @if (mayReply()) {
            <ion-button size="small" fill="clear" (click)="open('reply')" data-testid="reply-to">{{ i18n.t('thread.reply') }}</ion-button>
          }
          @if (p.author === me()) {
            <ion-button size="small" fill="clear" (click)="open('edit', p.body)">{{ i18n.t('thread.edit') }}</ion-button>
            <ion-button size="small" fill="clear" color="danger" (click)="act.emit({ kind: 'withdraw' })">{{
              i18n.t('thread.withdraw')
            }}</ion-button>
          } @else {
            <ion-button size="small" fill="clear" (click)="open('report')" data-testid="report">{{ i18n.t('thread.report') }}</ion-button>
          }
          @if (mayModerate()) {
            @if (p.hiddenReason === null) {
              <ion-button size="small" fill="clear" color="warning" (click)="open('hide')" data-testid="hide">{{
                i18n.t('thread.hide')
              }}</ion-button>
            } @else {
              <ion-button size="small" fill="clear" (click)="act.emit({ kind: 'show' })">{{ i18n.t('thread.show') }}</ion-button>
            }
          }
        </div>
      }
      @if (form(); as kind) {
        <div class="form">
          <ion-textarea
            [label]="i18n.t('thread.form.' + kind)"
            labelPlacement="stacked"
            [autoGrow]="true"
            [value]="draft()"
            (ionInput)="draft.set($event.detail.value ?? '')"
            [attr.data-testid]="'form-' + kind"
          />
          <ion-button size="small" (click)="send(kind)" [disabled]="draft().trim().length === 0" [attr.data-testid]="'send-' + kind">{{
            i18n.t('thread.form.send.' + kind)
          }}</ion-button>
          <ion-button size="small" fill="clear" (click)="form.set(null)">{{ i18n.t('thread.cancel') }}</ion-button>
        </div>
      }
      <ng-content />
    </article>
  `,
  styles: `
    .post {
      border-left: 3px solid var(--ion-color-light-shade);
      padding: 4px 0 4px 12px;
      margin: 12px 0;
    }
    .post.accepted {
      border-left-color: var(--ion-color-success);
    }
    header {
      font-size: 0.9rem;
      color: var(--ion-color-medium-shade);
    }
    .badge {
      color: var(--ion-color-success-shade);
      font-weight: 700;
    }
    .muted {
      color: var(--ion-color-medium-shade);
      font-style: italic;
    }
    .hidden-note {
      color: var(--ion-color-warning-shade);
    }
    .delivery {
      font-size: 0.85rem;
      color: var(--ion-color-success-shade);
      margin: 4px 0;
    }
    .delivery.waiting {
      color: var(--ion-color-warning-shade);
    }
    .refused {
      color: var(--ion-color-danger-shade);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: center;
    }
    .actions ion-button {
      min-height: 44px;
    }
    details {
      font-size: 0.9rem;
    }
    summary {
      min-height: 44px;
      display: flex;
      align-items: center;
      cursor: pointer;
    }
  `,
})
export class PostCard {
  protected readonly i18n = inject(I18n);
  protected readonly who = (author: string) => memberName(this.i18n, author);
  readonly post = input.required<PostView>();
  readonly me = input.required<string>();
  readonly delivery = input<Delivery | undefined>();
  readonly mayReply = input(false);
  readonly mayAccept = input(false);
  readonly mayModerate = input(false);
  readonly act = output<PostAction>();
  protected readonly form = signal<'reply' | 'edit' | 'report' | 'hide' | null>(null);
  protected readonly draft = signal('');

  protected open(kind: 'reply' | 'edit' | 'report' | 'hide', text = ''): void {
    this.form.set(kind);
    this.draft.set(text);
  }

  protected send(kind: 'reply' | 'edit' | 'report' | 'hide' | 'resend'): void {
    const text = kind === 'resend' && this.draft() === '' ? this.post().body : this.draft();
    if (text.trim().length === 0) return;
    this.act.emit({ kind, text });
    this.form.set(null);
    this.draft.set('');
  }

  protected asRefused(delivery: Delivery): string {
    return delivery.state === 'refused' ? delivery.reason : '';
  }
}
