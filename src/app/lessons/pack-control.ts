import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { AlertController } from '@ionic/angular/alert-controller';
import { IonButton } from '@ionic/angular/ion-button';
import { IonProgressBar } from '@ionic/angular/ion-progress-bar';
import { I18n } from '../i18n/i18n';
import { formatBytes } from '../shared/format-bytes';
import { OfflinePacks } from './offline-packs';

/** Download / progress / remove for one programme's offline pack. */
@Component({
  selector: 'app-pack-control',
  imports: [IonButton, IonProgressBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let state = packs.state(programmeId());
    <div class="pack" role="status" data-testid="pack-control" [attr.data-state]="state.kind">
      @switch (state.kind) {
        @case ('downloading') {
          <p>{{ i18n.t('pack.downloading', { done: state.done, total: state.total }) }}</p>
          <ion-button size="small" fill="clear" color="medium" (click)="packs.cancel(programmeId())" data-testid="pack-cancel">{{
            i18n.t('pack.cancel')
          }}</ion-button>
          <ion-progress-bar
            [value]="state.total ? state.done / state.total : 0"
            [attr.aria-label]="i18n.t('pack.downloading', { done: state.done, total: state.total })"
          />
        }
        @case ('stored') {
          <p>{{ i18n.t('pack.stored', { size: size() }) }}</p>
          <ion-button size="small" fill="clear" color="danger" (click)="remove()" data-testid="pack-remove">{{
            i18n.t('pack.remove')
          }}</ion-button>
        }
        @case ('checking') {}
        @default {
          @if (state.kind === 'failed') {
            <p class="problem">{{ i18n.t('pack.failed.' + state.reason) }}</p>
          }
          <ion-button size="small" fill="outline" (click)="packs.download(programmeId())" data-testid="pack-download">
            {{ i18n.t(state.kind === 'partial' ? 'pack.finish' : 'pack.download', { size: size() }) }}
          </ion-button>
        }
      }
    </div>
  `,
  styles: `
    .pack {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      margin-top: 6px;
    }
    .pack p {
      margin: 0;
      font-size: 0.9rem;
    }
    ion-progress-bar {
      flex: 1 1 100%;
    }
    .problem {
      color: var(--ion-color-danger);
      flex: 1 1 100%;
    }
  `,
})
export class PackControl {
  protected readonly i18n = inject(I18n);
  protected readonly packs = inject(OfflinePacks);
  private readonly alerts = inject(AlertController);
  readonly programmeId = input.required<string>();
  /** Lessons that belong to the programme: when they change, the pack is checked again. */
  readonly lessonCount = input.required<number>();

  protected readonly size = computed(() => {
    const state = this.packs.state(this.programmeId());
    return formatBytes('size' in state ? state.size : 0, this.i18n.locale());
  });

  /** Removing takes the lessons' pictures and narration off the phone: asked first, with the size. */
  protected async remove(): Promise<void> {
    const alert = await this.alerts.create({
      header: this.i18n.t('pack.removeTitle'),
      message: this.i18n.t('pack.removeDetail', { size: this.size() }),
      buttons: [
        { text: this.i18n.t('me.cancel'), role: 'cancel' },
        { text: this.i18n.t('pack.remove'), role: 'destructive', cssClass: 'pack-remove-confirm' },
      ],
    });
    await alert.present();
    if ((await alert.onDidDismiss()).role === 'destructive') await this.packs.remove(this.programmeId());
  }

  constructor() {
    effect(() => {
      this.lessonCount();
      const id = this.programmeId();
      untracked(() => void this.packs.refresh(id));
    });
  }
}
