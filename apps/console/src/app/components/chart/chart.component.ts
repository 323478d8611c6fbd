import { afterRenderEffect, ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, input, viewChild } from '@angular/core';
import { Chart, ChartConfiguration, registerables } from 'chart.js';

Chart.register(...registerables);

export type ChartConfig = ChartConfiguration<'bar' | 'line' | 'doughnut'>;

/** A chart.js canvas that redraws when its config changes. */
@Component({
  selector: 'gw-chart',
  template: `<div class="box" [style.height.px]="height()">
    <canvas #canvas role="img" [attr.aria-label]="label()"></canvas>
  </div>`,
  styles: `
    :host { display: block; }
    .box { position: relative; width: 100%; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartComponent {
  readonly config = input.required<ChartConfig>();
  readonly label = input.required<string>();
  readonly height = input(260);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  constructor() {
    afterRenderEffect(() => {
      const config = this.config();
      const canvas = this.canvas().nativeElement;
      this.chart?.destroy();
      this.chart = new Chart(canvas, {
        ...config,
        options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
      } as ChartConfiguration);
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }
}
