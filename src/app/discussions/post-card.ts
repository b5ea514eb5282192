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
  templateUrl: './post-card.html',
  styleUrl: './post-card.css',
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
