import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { mayAuthor } from '../auth/roles';
import { Session } from '../auth/session';
import { AuthoringStore } from '../authoring/authoring-store';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { InsightsStore } from './insights-store';
import { meanLevel } from './radar-data';
import { RadarChart } from './radar-chart';
import { PageHeader } from '../shared/page-header';

/**
 * What the network's owners need and where they struggle, for its tutors, facilitators and
 * coordinators: confidence per topic (now and three months ago), the topics asked for, the questions
 * most missed and whether lessons helped. Counts only; nothing about fewer than five people.
 */
@Component({
  selector: 'app-insights-page',
  imports: [PageHeader, IonContent, IonButton, RadarChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './insights-page.html',
  styleUrl: './insights-page.css',
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

  /** Lessons started by five owners or more: how many started and finished them, and the median time to finish. */
  protected readonly lessonFigures = computed(() =>
    (this.store.learning()?.lessons ?? [])
      .filter((lesson) => typeof lesson.starts === 'number')
      .map((lesson) => ({
        lessonId: lesson.lessonId,
        title: this.lessons.lesson(lesson.lessonId)?.title ?? lesson.lessonId,
        started: this.i18n.t('insights.started', { count: lesson.starts }),
        finished: this.i18n.t('insights.finished', { count: this.countText(lesson.completions) }),
        median:
          typeof lesson.medianMinutes === 'number'
            ? this.i18n.t('insights.median', { minutes: lesson.medianMinutes })
            : this.i18n.t('insights.medianFewer'),
      })),
  );

  private countText(count: number | 'fewer-than-5'): string | number {
    return count === 'fewer-than-5' ? this.i18n.t('insights.fewer') : count;
  }

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
