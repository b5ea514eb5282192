import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { IonButton } from '@ionic/angular/ion-button';
import { IonIcon } from '@ionic/angular/ion-icon';
import { addIcons } from 'ionicons';
import { mic, stop } from 'ionicons/icons';
import { I18n } from '../i18n/i18n';

/** Types to record in, best first: Opus in WebM (Chrome, Firefox), else AAC in MP4 (Safari). */
const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4'];

/** Records narration with the device's microphone, in the browser, with no network needed. */
@Component({
  selector: 'app-audio-recorder',
  imports: [IonButton, IonIcon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (recording()) {
      <ion-button color="danger" (click)="finish()" data-testid="stop-recording">
        <ion-icon slot="start" name="stop" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.recordStop', { seconds: seconds() }) }}
      </ion-button>
    } @else {
      <ion-button fill="outline" (click)="begin()" data-testid="record-audio">
        <ion-icon slot="start" name="mic" aria-hidden="true"></ion-icon>{{ i18n.t('authoring.record') }}
      </ion-button>
    }
    @if (problem()) {
      <p class="problem" role="alert">{{ i18n.t(problem()!) }}</p>
    }
  `,
  styles: `
    .problem {
      color: var(--ion-color-danger-shade);
      margin: 4px 0;
    }
    ion-button {
      min-height: 48px;
    }
  `,
})
export class AudioRecorder {
  protected readonly i18n = inject(I18n);
  readonly recorded = output<Blob>();
  protected readonly recording = signal(false);
  protected readonly seconds = signal(0);
  protected readonly problem = signal<string | null>(null);
  private recorder: MediaRecorder | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor() {
    // Icons named in a template are drawn only once registered (the lint found these never were).
    addIcons({ mic, stop });
    inject(DestroyRef).onDestroy(() => this.finish());
  }

  protected async begin(): Promise<void> {
    this.problem.set(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      this.problem.set('authoring.recordDenied');
      return;
    }
    const mimeType = RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType, audioBitsPerSecond: 32000 } : undefined);
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const type = (recorder.mimeType || mimeType || 'audio/webm').split(';')[0]!;
      if (chunks.length > 0) this.recorded.emit(new Blob(chunks, { type }));
    };
    recorder.start();
    this.recorder = recorder;
    this.recording.set(true);
    this.seconds.set(0);
    this.ticker = setInterval(() => this.seconds.update((s) => s + 1), 1000);
  }

  protected finish(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this.recorder?.state === 'recording') this.recorder.stop();
    this.recorder = null;
    this.recording.set(false);
  }
}
