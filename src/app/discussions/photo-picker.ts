import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, inject, model, signal } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { I18n } from '../i18n/i18n';

/** A photo for a question or an answer: chosen, changed or removed, and said plainly when a file is no picture. */
@Component({
  selector: 'app-photo-picker',
  imports: [IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ion-button fill="outline" (click)="file.click()">{{ i18n.t(photo() ? 'thread.photoChange' : 'thread.photoAdd') }}</ion-button>
    <input #file type="file" accept="image/*" hidden (change)="choose($event)" [attr.aria-label]="i18n.t('thread.photoAdd')" />
    @if (notPicture()) {
      <span role="alert" class="problem">{{ i18n.t('thread.photoNotPicture') }}</span>
    }
    <!-- A photo chosen before stays chosen, and said so, when a later file is refused. -->
    @if (photo()) {
      <span role="status">{{ i18n.t('thread.photoReady') }}</span>
      <ion-button fill="clear" (click)="remove()">{{ i18n.t('thread.photoRemove') }}</ion-button>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      margin: 8px 0;
    }
    .problem {
      color: var(--ion-color-danger-shade);
    }
  `,
})
export class PhotoPicker {
  protected readonly i18n = inject(I18n);
  readonly photo = model<Blob | null>(null);
  protected readonly notPicture = signal(false);

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected remove(): void {
    this.photo.set(null);
    this.notPicture.set(false);
    // The Remove button goes with the photo: the keyboard and the screen reader move to Add.
    afterNextRender(() => this.host.nativeElement.querySelector('ion-button')?.shadowRoot?.querySelector('button')?.focus(), {
      injector: this.injector,
    });
  }

  protected choose(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Emptied, so that choosing the same file again is a change too.
    input.value = '';
    if (!file) return;
    const picture = file.type.startsWith('image/');
    this.notPicture.set(!picture);
    if (picture) this.photo.set(file);
  }
}
