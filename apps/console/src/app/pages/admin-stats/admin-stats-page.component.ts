import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type {
  AdminStatsView,
  CostsGroupBy,
  LeaderboardRowView,
  TeamLeaderboardRowView,
  UsageGroupView,
  UsageSummaryView,
} from '@gateway/contracts';
import { catchError, forkJoin, Observable, of, tap } from 'rxjs';
import { DayRange, StatsApiService } from '../../api/stats-api.service';
import { ChartComponent, ChartConfig } from '../../components/chart/chart.component';
import { dailyCharts, groupChart } from '../../components/chart/usage-charts';
import { StatCardComponent } from '../../components/stat-card/stat-card.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { daysAgo, isoDay } from '../../core/format';
import { rangeProblem } from '../../core/date-range';
import { CountPipe, MoneyPipe, moneyDigits } from '../../format';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-admin-stats-page',
  imports: [
    ChartComponent,
    CountPipe,
    FormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    MoneyPipe,
    StatCardComponent,
    TableWrapDirective,
  ],
  templateUrl: './admin-stats-page.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminStatsPageComponent {
  private readonly statsApi = inject(StatsApiService);
  private readonly notify = inject(NotifyService);
  protected readonly groupings: CostsGroupBy[] = ['provider', 'model', 'tier', 'day'];
  protected readonly range = signal<DayRange>({ from: daysAgo(29), to: isoDay(new Date()) });
  protected readonly rangeProblem = computed(() => rangeProblem(this.range().from, this.range().to));
  protected readonly groupBy = signal<CostsGroupBy>('provider');
  protected readonly loading = signal(true);
  protected readonly stats = signal<AdminStatsView | null>(null);
  protected readonly summary = signal<UsageSummaryView | null>(null);
  protected readonly leaderBy = signal<'user' | 'team'>('user');
  protected readonly leaderboard = signal<(LeaderboardRowView | TeamLeaderboardRowView)[]>([]);
  protected readonly costs = signal<UsageGroupView[]>([]);
  protected readonly dayCharts = computed(() => dailyCharts(this.summary()?.byDay ?? [], this.range().from, this.range().to));
  protected readonly costChart = computed<ChartConfig>(() =>
    this.groupBy() === 'day'
      ? dailyCharts(this.costs(), this.range().from, this.range().to).cost
      : groupChart(this.costs(), 'doughnut', (g) => g.costUsd, 'Cost', true),
  );
  protected readonly costDigits = computed(() => moneyDigits(this.costs().map((g) => g.costUsd)));
  protected readonly leaderDigits = computed(() => moneyDigits(this.leaderboard().map((r) => r.costUsd)));
  protected readonly leaderColumns = ['who', 'requests', 'tokens', 'costUsd'];
  protected readonly costColumns = ['group', 'requests', 'tokens', 'costUsd'];

  constructor() {
    this.statsApi.stats().subscribe({
      next: (stats) => this.stats.set(stats),
      error: (err: unknown) => this.notify.fail(err, 'Could not load platform stats'),
    });
    this.load();
  }

  protected setRange(part: keyof DayRange, value: string): void {
    if (!value) return;
    this.range.update((r) => ({ ...r, [part]: value }));
    // From after To: said under the fields, nothing asked of the API (it would refuse with 400).
    if (!this.rangeProblem()) this.load();
  }

  protected setGroupBy(groupBy: CostsGroupBy): void {
    this.groupBy.set(groupBy);
    this.statsApi.costs(groupBy, this.range()).subscribe({
      next: (costs) => this.costs.set(costs),
      error: (err: unknown) => this.notify.fail(err, 'Could not load costs'),
    });
  }

  protected setLeaderBy(by: 'user' | 'team'): void {
    this.leaderBy.set(by);
    this.panel(this.leaders(), (rows) => this.leaderboard.set(rows), by === 'team' ? 'top teams' : 'top users').subscribe();
  }

  private leaders(): Observable<(LeaderboardRowView | TeamLeaderboardRowView)[]> {
    return this.leaderBy() === 'team' ? this.statsApi.teamLeaderboard(this.range()) : this.statsApi.leaderboard(this.range());
  }

  private load(): void {
    this.loading.set(true);
    const range = this.range();
    // Panels load independently so one failing endpoint does not blank the page.
    forkJoin([
      this.panel(this.statsApi.summary(range), (summary) => this.summary.set(summary), 'usage summary'),
      this.panel(this.leaders(), (rows) => this.leaderboard.set(rows), 'the leaderboard'),
      this.panel(this.statsApi.costs(this.groupBy(), range), (costs) => this.costs.set(costs), 'costs'),
    ]).subscribe({ complete: () => this.loading.set(false) });
  }

  private panel<T>(source: Observable<T>, apply: (value: T) => void, what: string): Observable<unknown> {
    return source.pipe(
      tap(apply),
      catchError((err: unknown) => {
        this.notify.fail(err, `Could not load ${what}`);
        return of(null);
      }),
    );
  }
}
