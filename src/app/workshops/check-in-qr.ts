import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { checkInPayload } from '../../../sync-server/couchdb/workshops/attendance-rule';
import { I18n } from '../i18n/i18n';

/** The owner's check-in QR code, drawn on the device (it works offline). */
@Component({
  selector: 'app-check-in-qr',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (image(); as src) {
      <img [src]="src" [alt]="i18n.t('workshops.qrAlt', { code: code() })" width="240" height="240" data-testid="check-in-qr" />
    }
  `,
  styles: `
    img {
      display: block;
      margin: 8px auto;
      width: min(240px, 70vw);
      height: auto;
      image-rendering: pixelated;
    }
  `,
})
export class CheckInQr {
  protected readonly i18n = inject(I18n);
  readonly cohortId = input.required<string>();
  readonly code = input.required<string>();
  protected readonly image = signal<string | null>(null);

  constructor() {
    effect(() => {
      const payload = checkInPayload(this.cohortId(), this.code());
      // The encoder loads with the first code shown, not with the app.
      // A CommonJS module: its functions arrive as the default export of the dynamic import.
      void import('qrcode')
        .then((module) => module.default.toDataURL(payload, { margin: 2, width: 480, errorCorrectionLevel: 'M' }))
        .then((url) => this.image.set(url));
    });
  }
}
