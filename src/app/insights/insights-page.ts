import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router } from '@angular/router';
import { IonBackButton } from '@ionic/angular/ion-back-button';
import { IonButton } from '@ionic/angular/ion-button';
import { IonButtons } from '@ionic/angular/ion-buttons';
import { IonContent } from '@ionic/angular/ion-content';
import { IonHeader } from '@ionic/angular/ion-header';
import { IonTitle } from '@ionic/angular/ion-title';
import { IonToolbar } from '@ionic/angular/ion-toolbar';
import { mayAuthor } from '../auth/roles';
import { Session } from '../auth/session';
import { AuthoringStore } from '../authoring/authoring-store';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { SyncIndicator } from '../sync/sync-indicator';
import { InsightsStore } from './insights-store';
import { meanLevel } from './radar-data';
import { RadarChart } from './radar-chart';

/**
 * What the network's owners need and where they struggle, for its tutors, facilitators and
 * coordinators: confidence per topic (now and three months ago), the topics asked for, the questions
 * most missed and whether lessons helped. Counts only; nothing about fewer than five people.
 */
@Component({
  selector: 'app-insights-page',
  imports: [IonHeader, IonToolbar, IonTitle, IonButtons, IonBackButton, IonContent, IonButton, SyncIndicator, RadarChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header>
      <ion-toolbar color="primary">
        <ion-buttons slot="start"><ion-back-button defaultHref="/learn" text="" [attr.aria-label]="i18n.t('needs.back')" /></ion-buttons>
        <ion-title>{{ i18n.t('insights.title') }}</ion-title>
      </ion-toolbar>
      <app-sync-indicator />
    </ion-header>
    <ion-content class="ion-padding">
      <div class="page" data-testid="insights">
        <p>{{ i18n.t('insights.intro') }}</p>
        <section aria-labelledby="confidence-title">
          <h2 id="confidence-title">{{ i18n.t('insights.confidence') }}</h2>
          @if (store.needs(); as needs) {
            <p>{{ answeredText(needs.answered) }}</p>
          }
          @if (store.radar(); as series) {
            <app-radar-chart [series]="series" />
          } @else {
            <p class="muted" data-testid="insights-too-few">{{ i18n.t('insights.tooFew') }}</p>
          }
          @if (store.needs(); as needs) {
            <table class="figures" data-testid="needs-table">
              <caption class="visually-hidden">
                {{
                  i18n.t('insights.confidence')
                }}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{{ i18n.t('insights.topic') }}</th>
                  <th scope="col">{{ i18n.t('insights.now') }}</th>
                  <th scope="col">{{ i18n.t('insights.before') }}</th>
                  <th scope="col">
                    <span class="visually-hidden">{{ i18n.t('insights.write') }}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                @for (topic of needs.topics; track topic.topic) {
                  <tr>
                    <th scope="row">{{ i18n.t('topic.' + topic.topic) }}</th>
                    <td>{{ levelText(topic.now.levels) }}</td>
                    <td>{{ levelText(topic.before.levels) }}</td>
                    <td>
                      @if (mayWrite()) {
                        <ion-button
                          size="small"
                          fill="outline"
                          (click)="writeFor(topic.topic)"
                          [attr.data-testid]="'write-for-' + topic.topic"
                          >{{ i18n.t('insights.write') }}</ion-button
                        >
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          }
        </section>

        <section aria-labelledby="requests-title">
          <h2 id="requests-title">{{ i18n.t('insights.requests') }}</h2>
          @for (request of store.needs()?.requests ?? []; track $index) {
            <p class="quote" lang="">“{{ request }}”</p>
          } @empty {
            <p class="muted">{{ i18n.t('insights.noRequests') }}</p>
          }
        </section>

        <section aria-labelledby="hardest-title">
          <h2 id="hardest-title">{{ i18n.t('insights.hardest') }}</h2>
          @for (question of hardestQuestions(); track question.key) {
            <article class="question" data-testid="hard-question">
              <h3>{{ question.lessonTitle }}</h3>
              <p>{{ question.text }}</p>
              <p class="muted">{{ i18n.t('insights.missed', { share: question.share, answered: question.answered }) }}</p>
              @if (question.commonWrong) {
                <p class="muted">{{ i18n.t('insights.commonWrong', { answer: question.commonWrong }) }}</p>
              }
            </article>
          } @empty {
            <p class="muted">{{ i18n.t('insights.noQuestions') }}</p>
          }
        </section>

        <section aria-labelledby="useful-title">
          <h2 id="useful-title">{{ i18n.t('insights.usefulness') }}</h2>
          @for (lesson of usefulLessons(); track lesson.lessonId) {
            <article class="question">
              <h3>{{ lesson.title }}</h3>
              <p>{{ lesson.summary }}</p>
              @for (comment of lesson.comments; track $index) {
                <p class="quote" lang="">“{{ comment }}”</p>
              }
            </article>
          } @empty {
            <p class="muted">{{ i18n.t('insights.noUsefulness') }}</p>
          }
        </section>
      </div>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    h2 {
      font-size: 1.15rem;
      font-weight: 700;
      margin-top: 1.5rem;
    }
    h3 {
      font-size: 1rem;
      font-weight: 600;
      margin: 0 0 0.25rem;
    }
    .muted {
      color: var(--ion-color-medium-shade);
    }
    .figures {
      width: 100%;
      border-collapse: collapse;
      margin-top: 1rem;
    }
    .figures th,
    .figures td {
      text-align: start;
      padding: 0.4rem 0.25rem;
      border-bottom: 1px solid var(--ion-color-light-shade);
      vertical-align: middle;
    }
    .figures td:last-child {
      text-align: end;
    }
    .question {
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--ion-color-light-shade);
    }
    .quote {
      font-style: italic;
      margin: 0.25rem 0;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
})
export class InsightsPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(InsightsStore);
  private readonly lessons = inject(LessonsStore);
  private readonly authoring = inject(AuthoringStore);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly mayWrite = computed(() => mayAuthor(this.session.user()?.roles ?? []));

  protected readonly hardestQuestions = computed(() =>
    this.store.hardest().map((question) => {
      const lesson = this.lessons.lesson(question.lessonId);
      const card = lesson?.cards[question.card];
      return {
        key: `${question.lessonId}#${question.card}`,
        lessonTitle: lesson?.title ?? question.lessonId,
        text: card && card.kind === 'quiz' ? card.question : '',
        share: Math.round(question.missShare * 100),
        answered: question.answered,
        commonWrong: question.commonWrong?.text ?? null,
      };
    }),
  );

  protected readonly usefulLessons = computed(() =>
    (this.store.needs()?.usefulness ?? [])
      .filter((lesson) => typeof lesson.ratings === 'number' && typeof lesson.useful === 'number')
      .map((lesson) => ({
        lessonId: lesson.lessonId,
        title: this.lessons.lesson(lesson.lessonId)?.title ?? lesson.lessonId,
        summary: this.i18n.t('insights.useful', { useful: lesson.useful as number, ratings: lesson.ratings as number }),
        comments: lesson.comments,
      })),
  );

  protected answeredText(answered: number | 'fewer-than-5'): string {
    return answered === 'fewer-than-5' ? this.i18n.t('insights.fewer') : this.i18n.t('insights.answered', { count: answered });
  }

  protected levelText(levels: readonly number[] | 'fewer-than-5'): string {
    const mean = meanLevel(levels);
    return mean === null
      ? this.i18n.t('insights.fewer')
      : new Intl.NumberFormat(this.i18n.locale(), { minimumFractionDigits: 1 }).format(mean);
  }

  /** A new lesson draft on that topic, in the tutor's language, opened in the editor. */
  protected async writeFor(topic: string): Promise<void> {
    const draft = await this.authoring.create('programme:toolbox', this.i18n.language());
    const onTopic = await this.authoring.update(draft, { topic });
    await this.router.navigate(['/learn/studio', onTopic.id]);
  }
}
