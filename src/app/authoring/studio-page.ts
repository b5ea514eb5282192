import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { IonBadge } from '@ionic/angular/ion-badge';
import { IonButton } from '@ionic/angular/ion-button';
import { IonContent } from '@ionic/angular/ion-content';
import { IonItem } from '@ionic/angular/ion-item';
import { IonLabel } from '@ionic/angular/ion-label';
import { IonList } from '@ionic/angular/ion-list';
import { IonListHeader } from '@ionic/angular/ion-list-header';
import { IonSelect } from '@ionic/angular/ion-select';
import { IonSelectOption } from '@ionic/angular/ion-select-option';
import type { LessonDraft } from '../data/authoring-repository';
import { I18n } from '../i18n/i18n';
import { LessonsStore } from '../lessons/lessons-store';
import { AuthoringStore } from './authoring-store';
import { MediaUploads } from '../sync/media-uploads';
import { newLessonProgramme } from './new-lesson-programme';
import { PageHeader } from '../shared/page-header';

/** The author's desk: their drafts with where each one stands, what waits for review, and a new lesson. */
@Component({
  selector: 'app-studio-page',
  imports: [PageHeader, IonContent, IonList, IonListHeader, IonItem, IonLabel, IonBadge, IonButton, IonSelect, IonSelectOption, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-header app-page-header [title]="i18n.t('authoring.studio')" back="/learn" [backTo]="i18n.t('learn.title')"></ion-header>
    <ion-content>
      <div class="page">
        <section class="new ion-padding" aria-labelledby="new-heading">
          <h2 id="new-heading">{{ i18n.t('authoring.newHeading') }}</h2>
          <p>{{ i18n.t(store.mayPublish() ? 'authoring.newIntroTutor' : 'authoring.newIntroMentor') }}</p>
          <ion-select
            labelPlacement="stacked"
            interface="popover"
            [value]="programmeId()"
            (ionChange)="chosenProgramme.set($event.detail.value)"
          >
            <div slot="label">{{ i18n.t('authoring.programme') }}</div>
            @for (summary of lessons.programmes(); track summary.programme.id) {
              <ion-select-option [value]="summary.programme.id">{{ summary.programme.title }}</ion-select-option>
            }
          </ion-select>
          <ion-button expand="block" (click)="create()" data-testid="new-lesson">{{ i18n.t('authoring.newLesson') }}</ion-button>
        </section>

        @if (store.toReview().length > 0) {
          <ion-list>
            <ion-list-header role="listitem"
              ><h2>{{ i18n.t('authoring.toReview', { count: store.toReview().length }) }}</h2></ion-list-header
            >
            @for (draft of store.toReview(); track draft.id) {
              <ion-item [routerLink]="['/learn/studio', draft.id]" detail="true">
                <ion-label class="ion-text-wrap"
                  ><h3>{{ titleOf(draft) }}</h3>
                  <p>{{ i18n.t('authoring.byAuthor', { author: draft.author }) }}</p></ion-label
                >
              </ion-item>
            }
          </ion-list>
        }

        <ion-list data-testid="my-drafts">
          <ion-list-header role="listitem"
            ><h2>{{ i18n.t('authoring.mine') }}</h2></ion-list-header
          >
          @for (draft of store.mine(); track draft.id) {
            <ion-item [routerLink]="['/learn/studio', draft.id]" detail="true">
              <ion-label class="ion-text-wrap">
                <h3>{{ titleOf(draft) }}</h3>
                <p>
                  {{ i18n.t('authoring.cards', { count: draft.cards.length }) }}
                  @if (filesWaiting(draft); as count) {
                    · {{ i18n.t('authoring.filesWaiting', { count }) }}
                  }
                </p>
              </ion-label>
              <ion-badge slot="end" [color]="badgeColour(draft)">{{ i18n.t('authoring.status.' + draft.status) }}</ion-badge>
            </ion-item>
          } @empty {
            <ion-item
              ><ion-label class="ion-text-wrap">{{ i18n.t('authoring.noDrafts') }}</ion-label></ion-item
            >
          }
        </ion-list>
      </div>
    </ion-content>
  `,
  styles: `
    .page {
      max-width: 720px;
      margin: 0 auto;
    }
    ion-button {
      min-height: 48px;
      margin-top: 12px;
    }
    h2 {
      font-size: 1.15rem;
    }
  `,
})
export class StudioPage {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(AuthoringStore);
  protected readonly lessons = inject(LessonsStore);
  private readonly uploads = inject(MediaUploads);
  private readonly router = inject(Router);
  protected readonly chosenProgramme = signal<string | null>(null);
  protected readonly programmeId = computed(
    () => this.chosenProgramme() ?? newLessonProgramme(this.lessons.programmes().map((summary) => summary.programme)),
  );

  protected async create(): Promise<void> {
    const draft = await this.store.create(this.programmeId(), this.i18n.language());
    await this.router.navigate(['/learn/studio', draft.id]);
  }

  protected titleOf(draft: LessonDraft): string {
    return draft.title.trim() || this.i18n.t('authoring.untitled');
  }

  protected filesWaiting(draft: LessonDraft): number {
    return this.uploads.uploads().filter((u) => u.ownerId === draft.id && u.state !== 'sent').length;
  }

  protected badgeColour(draft: LessonDraft): string {
    return { draft: 'medium', submitted: 'warning', publishing: 'tertiary', published: 'success' }[draft.status];
  }
}
