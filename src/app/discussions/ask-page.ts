import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { TOPICS } from '../shared/topics';
import { DiscussionsStore } from './discussions-store';
import { PhotoPicker } from './photo-picker';
import { PageHeader } from '../shared/page-header';

/** Asking the network a question, also offline; from a lesson it is attached to that lesson. */
@Component({
  selector: 'app-ask-page',
  imports: [PageHeader, IonContent, IonInput, IonTextarea, IonSelect, PhotoPicker, IonSelectOption, IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('ask.title')" back="/community" [backTo]="i18n.t('community.title')"></ion-header>
    <ion-content class="ion-padding">
      <form class="page" (submit)="$event.preventDefault(); submit()">
        @if (lessonTitle(); as title) {
          <p>{{ i18n.t('ask.aboutLesson', { title }) }}</p>
        }
        <ion-input
          [label]="i18n.t('ask.question')"
          labelPlacement="stacked"
          [maxlength]="200"
          [value]="title()"
          (ionInput)="title.set($event.detail.value ?? '')"
          [helperText]="i18n.t('ask.questionHint')"
          data-testid="ask-title"
        />
        <ion-select labelPlacement="stacked" interface="popover" [value]="topic()" (ionChange)="chosenTopic.set($event.detail.value)">
          <div slot="label">{{ i18n.t('community.topic') }}</div>
          @for (t of topics; track t) {
            <ion-select-option [value]="t">{{ i18n.t('topic.' + t) }}</ion-select-option>
          }
        </ion-select>
        <ion-textarea
          [label]="i18n.t('ask.details')"
          labelPlacement="stacked"
          [autoGrow]="true"
          [rows]="4"
          [maxlength]="4000"
          [value]="body()"
          (ionInput)="body.set($event.detail.value ?? '')"
          [helperText]="i18n.t('thread.formatHint')"
          data-testid="ask-body"
        />
        <app-photo-picker [(photo)]="photo" />
        <ion-button type="submit" expand="block" [disabled]="!ready()" data-testid="ask-submit">{{ i18n.t('ask.submit') }}</ion-button>
      </form>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 640px;
      margin: 0 auto;
    }
    ion-button {
      min-height: 48px;
      margin-top: 16px;
    }
  `,
})
export class AskPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(DiscussionsStore);
  private readonly lessons = inject(LessonsStore);
  private readonly router = inject(Router);
  /** Query parameter: the lesson the question is about. */
  readonly lesson = input<string | undefined>();
  protected readonly topics = TOPICS;
  protected readonly title = signal('');
  protected readonly body = signal('');
  protected readonly photo = signal<Blob | null>(null);
  protected readonly chosenTopic = signal<string | null>(null);
  protected readonly topic = computed(() => this.chosenTopic() ?? this.lessonTopic() ?? 'other');
  private readonly lessonTopic = computed(() => {
    const topic = this.lessons.lesson(this.lesson() ?? '')?.topic;
    return topic && (TOPICS as readonly string[]).includes(topic) ? topic : null;
  });
  protected readonly lessonTitle = computed(() => this.lessons.lesson(this.lesson() ?? '')?.title ?? null);
  protected readonly ready = computed(() => this.title().trim().length > 0 && this.body().trim().length > 0);

  protected async submit(): Promise<void> {
    if (!this.ready()) return;
    const id = await this.store.ask(this.title(), this.body(), this.topic(), this.lesson(), this.photo() ?? undefined);
    await this.router.navigate(['/community/thread', id], { replaceUrl: true });
  }
}
