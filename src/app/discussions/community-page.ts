import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IonBadge } from '@ionic/angular/ion-badge';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonSearchbar } from '@ionic/angular/ion-searchbar';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { normalise } from '../shared/lesson-search';
import { TOPICS } from '../shared/topics';
import { DiscussionsStore } from './discussions-store';
import { PageHeader } from '../shared/page-header';

/** The country network's threads: search and topics, unread counts, what was sent, and asking a question. */
@Component({
  selector: 'app-community-page',
  imports: [PageHeader, IonContent, IonList, IonItem, IonLabel, IonBadge, IonButton, IonSearchbar, IonSelect, IonSelectOption, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('community.title')"></ion-header>
    <ion-content>
      <div class="page">
        @if (store.receipt(); as receipt) {
          <p class="receipt ion-padding-horizontal" role="status" data-testid="receipt">
            {{ i18n.t('community.receipt', { count: receipt.count, time: i18n.time(receipt.at) }) }}
          </p>
        }
        @if (lessonTitle(); as title) {
          <p class="ion-padding-horizontal">{{ i18n.t('community.aboutLesson', { title }) }}</p>
        }
        <div class="tools ion-padding-horizontal">
          <ion-button [routerLink]="['/community/ask']" [queryParams]="lesson() ? { lesson: lesson() } : {}" data-testid="ask">{{
            i18n.t('community.ask')
          }}</ion-button>
          @if (store.openReports().length > 0) {
            <ion-button fill="outline" color="warning" routerLink="/community/reports" data-testid="open-reports">{{
              i18n.t('community.reports', { count: store.openReports().length })
            }}</ion-button>
          }
        </div>
        <ion-searchbar
          [placeholder]="i18n.t('community.search')"
          [attr.aria-label]="i18n.t('community.search')"
          [debounce]="150"
          (ionInput)="query.set($event.detail.value ?? '')"
        />
        <ion-select class="ion-padding-horizontal" interface="popover" [value]="topic()" (ionChange)="topic.set($event.detail.value)">
          <div slot="label">{{ i18n.t('community.topic') }}</div>
          <ion-select-option value="">{{ i18n.t('community.allTopics') }}</ion-select-option>
          @for (t of topics; track t) {
            <ion-select-option [value]="t">{{ i18n.t('topic.' + t) }}</ion-select-option>
          }
        </ion-select>
        <ion-list data-testid="threads">
          @for (thread of shown(); track thread.id) {
            <ion-item [routerLink]="['/community/thread', thread.id]" detail="true" data-testid="thread-item">
              <ion-label class="ion-text-wrap">
                <h3>
                  @if (thread.pinned) {
                    <span class="pin">{{ i18n.t('community.pinned') }} · </span>
                  }
                  {{ thread.title }}
                </h3>
                <p>
                  {{ thread.author }} · {{ i18n.t('topic.' + thread.topic) }} ·
                  {{ i18n.t('community.answers', { count: thread.replyCount }) }}
                  @if (thread.locked) {
                    · {{ i18n.t('community.locked') }}
                  }
                  @if (store.deliveries().get(thread.id)?.state === 'waiting') {
                    · {{ i18n.t('thread.waiting') }}
                  }
                </p>
              </ion-label>
              @if (store.unread().get(thread.id); as count) {
                <ion-badge slot="end" color="primary" [attr.aria-label]="i18n.t('community.unread', { count })">{{ count }}</ion-badge>
              }
            </ion-item>
          } @empty {
            <ion-item
              ><ion-label class="ion-text-wrap">{{
                i18n.t(query() || topic() ? 'community.noMatch' : 'community.empty')
              }}</ion-label></ion-item
            >
          }
        </ion-list>
      </div>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 760px;
      margin: 0 auto;
    }
    .tools {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 8px;
    }
    ion-button {
      min-height: 48px;
    }
    .receipt {
      color: var(--ion-color-success-shade);
      margin-bottom: 0;
    }
    .pin {
      color: var(--ion-color-primary);
    }
  `,
})
export class CommunityPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(DiscussionsStore);
  private readonly lessons = inject(LessonsStore);
  /** Query parameter: show the threads about one lesson. */
  readonly lesson = input<string | undefined>();
  protected readonly query = signal('');
  protected readonly topic = signal('');
  protected readonly topics = TOPICS;
  protected readonly lessonTitle = computed(() => {
    const id = this.lesson();
    return id ? (this.lessons.lesson(id)?.title ?? id) : null;
  });

  /** Offline search: every word must appear in the title, the question or an answer. */
  protected readonly shown = computed(() => {
    const words = normalise(this.query()).split(/\s+/).filter(Boolean);
    return this.store.threads().filter((thread) => {
      if (this.lesson() && thread.lessonId !== this.lesson()) return false;
      if (this.topic() && thread.topic !== this.topic()) return false;
      if (words.length === 0) return true;
      const text = normalise(
        [thread.title, thread.body, ...thread.posts.flatMap((p) => [p.body, ...p.replies.map((r) => r.body)])].join(' '),
      );
      return words.every((word) => text.includes(word));
    });
  });
}
