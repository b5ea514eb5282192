import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, viewChild, type OnDestroy } from '@angular/core';
import type { Chart } from 'chart.js';
import { I18n } from '../i18n/i18n';
import type { RadarSeries } from './radar-data';

/**
 * The network's confidence per topic as a radar (now against three months ago), drawn with Chart.js,
 * which loads with this screen only. The same figures are in a table for screen readers and for
 * anyone who prefers numbers.
 */
@Component({
  selector: 'app-radar-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: ` <div class="frame"><canvas #canvas role="img" [attr.aria-label]="summary()" data-testid="needs-radar"></canvas></div> `,
  styles: `
    .frame {
      position: relative;
      width: 100%;
      max-width: 32rem;
      aspect-ratio: 1;
      margin: 0 auto;
    }
  `,
})
export class RadarChart implements OnDestroy {
  private readonly i18n = inject(I18n);
  readonly series = input.required<RadarSeries>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;
  protected readonly summary = computed(() => this.i18n.t('insights.radarLabel', { count: this.series().topics.length }));

  private readonly draw = effect(() => {
    const series = this.series();
    const labels = series.topics.map((topic) => this.i18n.t('topic.' + topic));
    const names = [this.i18n.t('insights.now'), this.i18n.t('insights.before')];
    void this.render(labels, series, names);
  });

  private async render(labels: string[], series: RadarSeries, names: string[]): Promise<void> {
    const { Chart, RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Tooltip } = await import('chart.js');
    Chart.register(RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Tooltip);
    this.chart?.destroy();
    this.chart = new Chart(this.canvas().nativeElement, {
      type: 'radar',
      data: {
        labels,
        datasets: [
          { label: names[0]!, data: [...series.now], borderColor: '#0b5f58', backgroundColor: 'rgba(15, 118, 110, 0.2)', spanGaps: true },
          {
            label: names[1]!,
            data: [...series.before],
            borderColor: '#8a5a00',
            backgroundColor: 'rgba(138, 90, 0, 0.1)',
            borderDash: [6, 4],
            spanGaps: true,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { r: { min: 0, max: 5, ticks: { stepSize: 1 }, pointLabels: { font: { size: 12 } } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }
}
