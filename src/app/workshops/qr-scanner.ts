import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  effect,
  inject,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { I18n } from '../i18n/i18n';

/** Reads QR codes with the back camera, on the device; emits each text it reads once. */
@Component({
  selector: 'app-qr-scanner',
  imports: [IonButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (scanning()) {
      <video #video playsinline muted [attr.aria-label]="i18n.t('workshops.scanning')"></video>
      <ion-button fill="outline" (click)="stop()">{{ i18n.t('workshops.scanStop') }}</ion-button>
    } @else {
      <ion-button (click)="start()" data-testid="scan-qr">{{ i18n.t('workshops.scan') }}</ion-button>
    }
    @if (problem()) {
      <p role="alert">{{ i18n.t(problem()!) }}</p>
    }
  `,
  styles: `
    video {
      width: 100%;
      max-width: 420px;
      border-radius: 12px;
      background: #000;
      display: block;
    }
    ion-button {
      min-height: 48px;
    }
  `,
})
export class QrScanner {
  protected readonly i18n = inject(I18n);
  readonly read = output<string>();
  protected readonly scanning = signal(false);
  protected readonly problem = signal<string | null>(null);
  private readonly video = viewChild<ElementRef<HTMLVideoElement>>('video');
  private stream: MediaStream | null = null;
  private frame = 0;
  private last = '';

  private decode: ((data: Uint8ClampedArray, width: number, height: number) => { data: string } | null) | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    // The video element exists once the template shows it: then the camera is attached and read.
    effect(() => {
      const video = this.video()?.nativeElement;
      if (video) untracked(() => void this.watch(video));
    });
  }

  protected async start(): Promise<void> {
    this.problem.set(null);
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      this.problem.set('workshops.cameraDenied');
      return;
    }
    this.decode = (await import('jsqr')).default;
    this.scanning.set(true);
  }

  private async watch(video: HTMLVideoElement): Promise<void> {
    if (!this.stream || !this.decode) return;
    video.srcObject = this.stream;
    await video.play();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const look = () => {
      if (!this.stream || !this.decode) return;
      if (video.videoWidth > 0) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const found = this.decode(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
        // The same code stays in view for a while: report it once.
        if (found?.data && found.data !== this.last) {
          this.last = found.data;
          this.read.emit(found.data);
        }
      }
      this.frame = requestAnimationFrame(look);
    };
    look();
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.last = '';
    this.scanning.set(false);
  }
}
