import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonTextarea } from '@ionic/angular/ion-textarea';
import { I18n } from '../i18n/i18n';
import { NEEDS_TOPICS } from '../../../sync-server/couchdb/needs-topics';
import { RatingScale } from '../shared/rating-scale';
import { NeedsStore } from './needs-store';
import { PageHeader } from '../shared/page-header';

/**
 * The needs check-in: how confident the owner feels in each toolbox topic, from 1 to 5, and a topic
 * they would like a lesson on. Every question may be left out; saved on the phone first.
 */
@Component({
  selector: 'app-needs-page',
  imports: [PageHeader, IonContent, IonButton, IonTextarea, RatingScale],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('needs.title')" back="/learn" [backTo]="i18n.t('learn.title')"></ion-header>
    <ion-content class="ion-padding">
      <form class="page" (submit)="$event.preventDefault(); save()" data-testid="needs-form">
        <p>{{ i18n.t('needs.intro') }}</p>
        <p class="scale" id="needs-scale">{{ i18n.t('needs.scale') }}</p>
        @for (topic of topics; track topic) {
          <fieldset class="topic" [attr.data-topic]="topic" aria-describedby="needs-scale">
            <legend>{{ i18n.t('topic.' + topic) }}</legend>
            <app-rating-scale
              [name]="'needs-' + topic"
              [value]="ratings()[topic]"
              labelKey="needs.level"
              [labelParams]="{ topic: i18n.t('topic.' + topic) }"
              (chosen)="rate(topic, $event)"
            />
          </fieldset>
        }
        <ion-textarea
          [label]="i18n.t('needs.request')"
          labelPlacement="stacked"
          [helperText]="i18n.t('needs.requestHint')"
          [counter]="true"
          [maxlength]="300"
          [value]="request()"
          (ionInput)="request.set($event.detail.value ?? '')"
          [autoGrow]="true"
          data-testid="needs-request"
        />
        <p role="status" class="saved">{{ saved() }}</p>
        <ion-button type="submit" expand="block" data-testid="needs-save">{{ i18n.t('needs.save') }}</ion-button>
        <ion-button fill="clear" expand="block" (click)="later()" data-testid="needs-later">{{ i18n.t('needs.later') }}</ion-button>
      </form>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 640px;
      margin: 0 auto;
    }
    .scale {
      color: var(--ion-color-medium-shade);
    }
    fieldset {
      border: 0;
      border-bottom: 1px solid var(--ion-color-light-shade);
      padding: 0.5rem 0 0.75rem;
      margin: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 0.25rem;
    }
    .saved {
      min-height: 1.5em;
      color: var(--ion-color-success-shade);
    }
  `,
})
export class NeedsPage {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(NeedsStore);
  private readonly router = inject(Router);
  protected readonly topics = NEEDS_TOPICS;
  protected readonly ratings = signal<Record<string, number>>({});
  protected readonly request = signal('');
  protected readonly saved = signal('');
  private readonly touched = signal(false);
  protected readonly answered = computed(() => Object.keys(this.ratings()).length);

  /** The latest answers, to see and change, until the owner changes something here. */
  private readonly showLatest = effect(() => {
    const latest = this.store.latest();
    untracked(() => {
      if (!latest || this.touched()) return;
      this.ratings.set({ ...latest.ratings });
      this.request.set(latest.request ?? '');
    });
  });

  protected rate(topic: string, level: number): void {
    this.touched.set(true);
    this.ratings.update((ratings) => ({ ...ratings, [topic]: level }));
  }

  protected async save(): Promise<void> {
    this.touched.set(true);
    await this.store.save(this.ratings(), this.request());
    this.saved.set(this.i18n.t('needs.saved'));
  }

  protected later(): void {
    this.store.putOff();
    void this.router.navigateByUrl('/learn');
  }
}
