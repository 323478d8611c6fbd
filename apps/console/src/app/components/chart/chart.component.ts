import { afterRenderEffect, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, input, viewChild } from '@angular/core';
import { Chart, ChartConfiguration, registerables } from 'chart.js';
import { ThemeService } from '../../core/theme.service';

Chart.register(...registerables);

export type ChartConfig = ChartConfiguration<'bar' | 'line' | 'doughnut'>;

/** No dataset holds a value other than zero: axes alone would look like a broken chart. */
export const chartIsEmpty = (config: ChartConfig): boolean =>
  config.data.datasets.every((set) => (set.data as unknown[]).every((v) => !v));

/** A chart.js canvas that redraws when its config or the theme changes; "No data" instead of bare axes. */
@Component({
  selector: 'gw-chart',
  template: `<div class="box" [style.height.px]="height()">
    @if (empty()) {
      <p class="empty" role="img" [attr.aria-label]="label() + ': no data'" data-testid="chart-empty">No data for this period</p>
    } @else {
      <canvas #canvas role="img" [attr.aria-label]="label()"></canvas>
    }
  </div>`,
  styles: `
    :host { display: block; }
    .box { position: relative; width: 100%; }
    canvas { color: var(--mat-sys-on-surface-variant); outline-color: var(--mat-sys-outline-variant); }
    .empty { display: flex; align-items: center; justify-content: center; height: 100%; margin: 0;
      color: var(--mat-sys-on-surface-variant); border: 1px dashed var(--mat-sys-outline-variant); border-radius: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChartComponent {
  readonly config = input.required<ChartConfig>();
  readonly label = input.required<string>();
  readonly height = input(260);
  protected readonly empty = computed(() => chartIsEmpty(this.config()));
  private readonly canvas = viewChild<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly theme = inject(ThemeService);
  private chart: Chart | null = null;

  constructor() {
    afterRenderEffect(() => {
      const config = this.config();
      this.theme.mode();
      const canvas = this.canvas()?.nativeElement;
      this.chart?.destroy();
      this.chart = null;
      if (!canvas) return;
      // Axis text and grid lines follow the page's colours, light or dark.
      const style = getComputedStyle(canvas);
      Chart.defaults.color = style.color || Chart.defaults.color;
      Chart.defaults.borderColor = style.outlineColor || Chart.defaults.borderColor;
      this.chart = new Chart(canvas, {
        ...config,
        options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
      } as ChartConfiguration);
    });
    inject(DestroyRef).onDestroy(() => this.chart?.destroy());
  }
}
