import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UsageGroupView } from '@gateway/contracts';
import { debounceTime } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { UsageApiService, UsageFilters } from '../../../api/usage-api.service';
import { ChartComponent } from '../../../components/chart/chart.component';
import { dailyCharts } from '../../../components/chart/usage-charts';
import { IconComponent } from '../../../components/icon/icon.component';
import { rangeProblem } from '../../../core/date-range';
import { daysAgo, isoDay } from '../../../core/format';
import { CountPipe, MoneyPipe } from '../../../format';
import { NotifyService } from '../../../core/notify.service';
import { saveBlob } from '../../../core/save-blob';

/**
 * Daily charts and a CSV of a team's spend: everything its keys spent (`team`, owners and admins),
 * or only the caller's own requests in it (`mine`, what a member may see).
 */
@Component({
  selector: 'gw-team-usage',
  imports: [ChartComponent, CountPipe, IconComponent, MatButtonModule, MatFormFieldModule, MatInputModule, MoneyPipe, ReactiveFormsModule],
  templateUrl: './team-usage.component.html',
  styles: `h3 { font: var(--mat-sys-title-small); margin: 0 0 8px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamUsageComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly usageApi = inject(UsageApiService);
  private readonly notify = inject(NotifyService);
  readonly teamId = input.required<string>();
  readonly scope = input<'team' | 'mine'>('team');
  protected readonly form = inject(NonNullableFormBuilder).group({ from: daysAgo(29), to: isoDay(new Date()) });
  private readonly range = signal(this.form.getRawValue());
  /** From after To: said under the fields, and nothing asked of the API. */
  protected readonly rangeProblem = computed(() => rangeProblem(this.range().from, this.range().to));
  private readonly days = signal<UsageGroupView[]>([]);
  protected readonly downloading = signal(false);
  protected readonly charts = computed(() => {
    const { from, to } = this.range();
    return dailyCharts(this.days(), from || daysAgo(29), to || isoDay(new Date()));
  });
  protected readonly totals = computed(() =>
    this.days().reduce((t, d) => ({ requests: t.requests + d.requests, costUsd: t.costUsd + d.costUsd }), { requests: 0, costUsd: 0 }),
  );

  constructor() {
    this.form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => {
      this.range.set(this.form.getRawValue());
      this.load();
    });
    effect(() => {
      this.teamId();
      this.scope();
      untracked(() => this.load());
    });
  }

  protected download(): void {
    if (this.rangeProblem()) return;
    const { from, to } = this.range();
    this.downloading.set(true);
    const csv$ = this.scope() === 'team' ? this.teamsApi.usageCsv(this.teamId(), this.filters()) : this.usageApi.csv(this.filters());
    csv$.subscribe({
      next: (blob) => {
        this.downloading.set(false);
        saveBlob(blob, `team-usage-${from || 'all'}-${to || 'now'}.csv`);
        this.notify.ok('CSV downloaded');
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.notify.fail(err, 'Could not download the CSV');
      },
    });
  }

  private filters(): UsageFilters {
    return { ...this.range(), teamId: this.teamId() };
  }

  private load(): void {
    if (this.rangeProblem()) return;
    const filters = this.filters();
    const groups$ =
      this.scope() === 'team' ? this.teamsApi.usageGroups(this.teamId(), filters, 'day') : this.usageApi.groups(filters, 'day');
    groups$.subscribe({
      next: (body) => this.days.set(body.items),
      error: (err: unknown) => this.notify.fail(err, 'Could not load the team usage'),
    });
  }
}
