import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { CreditsView, UsageGroupView } from '@gateway/contracts';
import { catchError, forkJoin, Observable, of, tap } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { UsageApiService } from '../../api/usage-api.service';
import { ChartComponent } from '../../components/chart/chart.component';
import { dailyCharts } from '../../components/chart/usage-charts';
import { StatCardComponent } from '../../components/stat-card/stat-card.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { AuthService } from '../../core/auth.service';
import { BudgetAlertsComponent } from './budget-alerts/budget-alerts.component';
import { daysAgo, isoDay } from '../../core/format';
import { FORMAT_PIPES, formatMoney, moneyDigits } from '../../format';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-dashboard-page',
  imports: [
    BudgetAlertsComponent,
    ChartComponent,
    FORMAT_PIPES,
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    StatCardComponent,
    TableWrapDirective,
  ],
  templateUrl: './dashboard-page.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPageComponent {
  private readonly billingApi = inject(BillingApiService);
  private readonly usageApi = inject(UsageApiService);
  private readonly notify = inject(NotifyService);
  protected readonly auth = inject(AuthService);
  protected readonly range = { from: daysAgo(29), to: isoDay(new Date()) };
  protected readonly loading = signal(true);
  protected readonly credits = signal<CreditsView | null>(null);
  protected readonly days = signal<UsageGroupView[]>([]);
  protected readonly charts = computed(() => dailyCharts(this.days(), this.range.from, this.range.to));
  protected readonly totals = computed(() =>
    this.days().reduce(
      (t, d) => ({
        requests: t.requests + d.requests,
        tokens: t.tokens + d.promptTokens + d.completionTokens,
        cost: t.cost + d.costUsd,
        saved: t.saved + (d.cacheSavingsUsd ?? 0),
      }),
      { requests: 0, tokens: 0, cost: 0, saved: 0 },
    ),
  );
  /** Grants in dollars and charges of a fraction of a cent share one column: as many decimals as its smallest needs. */
  protected readonly ledgerDigits = computed(() => moneyDigits((this.credits()?.history ?? []).map((e) => e.amountUsd)));
  protected readonly costHint = computed(() => {
    const saved = this.totals().saved;
    return saved > 0 ? `Last 30 days; saved by caching: ${formatMoney(saved)}` : 'Last 30 days';
  });
  protected readonly ledgerColumns = ['createdAt', 'type', 'amountUsd', 'note'];

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    // Each panel loads on its own so one failing endpoint does not blank the page.
    const credits$ = this.billingApi.myCredits(1, 5).pipe(
      tap((credits) => this.credits.set(credits)),
      catchError((err: unknown) => this.failed(err, 'Could not load your credits')),
    );
    const usage$ = this.usageApi.groups(this.range, 'day').pipe(
      tap((usage) => this.days.set(usage.items)),
      catchError((err: unknown) => this.failed(err, 'Could not load your usage')),
    );
    forkJoin([credits$, usage$]).subscribe({ complete: () => this.loading.set(false) });
  }

  private failed(err: unknown, what: string): Observable<null> {
    this.notify.fail(err, what);
    return of(null);
  }
}
