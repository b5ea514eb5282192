import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonInput } from '@ionic/angular/ion-input';
import type { Report } from '../data/discussion-repository';
import { I18n } from '../i18n/i18n';
import { DiscussionsStore } from './discussions-store';
import { PageHeader } from '../shared/page-header';

/** The moderators' queue: reported posts, oldest first, to hide with a reason or keep; works offline. */
@Component({
  selector: 'app-reports-page',
  imports: [PageHeader, IonContent, IonButton, IonInput, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('reports.title')" back="/community" [backTo]="i18n.t('community.title')"></ion-header>
    <ion-content class="ion-padding">
      <div class="page">
        @for (report of store.openReports(); track report.id) {
          @let found = store.postById(report.targetId);
          <article class="report" data-testid="report-item">
            <p>
              <strong>{{ i18n.t('reports.by', { author: report.author, time: i18n.time(report.createdAt) }) }}</strong
              >: {{ report.reason }}
            </p>
            @if (found) {
              <blockquote>{{ found.post.author }}: {{ found.post.body }}</blockquote>
              <ion-button size="small" fill="clear" [routerLink]="['/community/thread', found.thread.id]">{{
                i18n.t('reports.open', { title: found.thread.title })
              }}</ion-button>
            }
            <ion-input
              [label]="i18n.t('reports.reason')"
              labelPlacement="stacked"
              [value]="reasons()[report.id] ?? report.reason"
              (ionInput)="setReason(report, $event.detail.value ?? '')"
            />
            <div class="actions">
              <ion-button color="warning" (click)="hide(report)">{{ i18n.t('reports.hide') }}</ion-button>
              <ion-button fill="outline" (click)="keep(report)">{{ i18n.t('reports.keep') }}</ion-button>
            </div>
          </article>
        } @empty {
          <p>{{ i18n.t('reports.empty') }}</p>
        }
      </div>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    .report {
      border-bottom: 1px solid var(--ion-color-light-shade);
      padding-bottom: 12px;
      margin-bottom: 12px;
    }
    blockquote {
      margin: 8px 0;
      padding-left: 12px;
      border-left: 3px solid var(--ion-color-medium);
      white-space: pre-wrap;
    }
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    ion-button {
      min-height: 44px;
    }
  `,
})
export class ReportsPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(DiscussionsStore);
  protected readonly reasons = signal<Partial<Record<string, string>>>({});

  protected setReason(report: Report, reason: string): void {
    this.reasons.update((all) => ({ ...all, [report.id]: reason }));
  }

  protected async hide(report: Report): Promise<void> {
    const reason = (this.reasons()[report.id] ?? report.reason).trim() || report.reason;
    await this.store.moderate(report.targetId, 'hide', reason);
  }

  protected async keep(report: Report): Promise<void> {
    await this.store.moderate(report.targetId, 'show', this.i18n.t('reports.kept'));
  }
}
