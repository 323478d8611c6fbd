import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type { KeyView, UsageGroupView, UsageRowView } from '@gateway/contracts';
import { catchError, debounceTime, forkJoin, of, skip, Subscription, switchMap } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { UsageApiService, UsageFilters } from '../../api/usage-api.service';
import { ChartComponent } from '../../components/chart/chart.component';
import { dailyCharts } from '../../components/chart/usage-charts';
import { IconComponent } from '../../components/icon/icon.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { FROM_AFTER_TO, rangeProblem } from '../../core/date-range';
import { daysAgo, isoDay } from '../../core/format';
import { FORMAT_PIPES, moneyDigits } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { saveBlob } from '../../core/save-blob';
import { TeamScopeService } from '../../core/team-scope.service';

type FormFilters = Record<'from' | 'to' | 'keyId' | 'model', string>;

/** `{range: true}` when both days are set and From comes after To (ISO days compare as text). */
export function dayRangeValidator(group: AbstractControl): ValidationErrors | null {
  const { from, to } = group.value as Partial<FormFilters>;
  return rangeProblem(from, to) ? { range: true } : null;
}

/** Active keys first, then the revoked ones (which the template marks), each group in its order. */
export const keysForFilter = (keys: KeyView[]): KeyView[] => [...keys.filter((k) => !k.revokedAt), ...keys.filter((k) => k.revokedAt)];

@Component({
  selector: 'gw-usage-page',
  imports: [
    ChartComponent,
    FORMAT_PIPES,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    TableWrapDirective,
  ],
  templateUrl: './usage-page.component.html',
  styles: `.range-error { flex-basis: 100%; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsagePageComponent {
  private readonly usageApi = inject(UsageApiService);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Personal usage, or with a team chosen in the toolbar only what the team's account paid. */
  protected readonly scope = inject(TeamScopeService);
  private readonly keysApi = inject(KeysApiService);
  protected readonly keys = toSignal(
    toObservable(this.scope.teamId).pipe(switchMap((teamId) => this.keysApi.list(teamId).pipe(catchError(() => of([]))))),
    { initialValue: [] },
  );
  protected readonly models = toSignal(inject(ModelsApiService).list().pipe(catchError(() => of([]))), { initialValue: [] });
  protected readonly keyNames = computed(() => new Map(this.keys().map((k) => [k.id, k.name])));
  protected readonly keyOptions = computed(() => keysForFilter(this.keys()));

  protected readonly form = inject(NonNullableFormBuilder).group(this.initialFilters(), { validators: dayRangeValidator });
  protected readonly fromAfterTo = FROM_AFTER_TO;
  protected readonly loading = signal(false);
  protected readonly downloading = signal(false);
  protected readonly rows = signal<UsageRowView[]>([]);
  protected readonly total = signal(0);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(25);
  private readonly days = signal<UsageGroupView[]>([]);
  private readonly applied = signal<FormFilters>(this.form.getRawValue());
  /** The load in flight: a newer one (filters or team changed) cancels it, so a late answer cannot win. */
  private loading$?: Subscription;
  protected readonly charts = computed(() => {
    const { from, to } = this.applied();
    return dailyCharts(this.days(), from || daysAgo(29), to || isoDay(new Date()));
  });
  /** What prompt caching saved over the filtered period (the cache reads at the input price minus what they cost). */
  /** One number of decimals for the page's cost column. */
  protected readonly costDigits = computed(() => moneyDigits(this.rows().map((r) => r.costUsd)));
  protected readonly savedUsd = computed(() => this.days().reduce((sum, d) => sum + (d.cacheSavingsUsd ?? 0), 0));
  /** Only admins are told which provider served a request. */
  protected readonly columns = computed(() => [
    'createdAt',
    'model',
    'key',
    ...(this.rows().some((r) => r.provider) ? ['provider'] : []),
    'status',
    'promptTokens',
    'cache',
    'completionTokens',
    'costUsd',
    'latencyMs',
  ]);

  constructor() {
    this.form.valueChanges.pipe(debounceTime(300), takeUntilDestroyed(inject(DestroyRef))).subscribe(() => this.apply());
    this.load();
    // Follow the toolbar's team switcher (its first value is the one just loaded).
    toObservable(this.scope.teamId)
      .pipe(skip(1), takeUntilDestroyed())
      .subscribe(() => {
        // A key of the previous scope would match nothing in this one.
        this.form.patchValue({ keyId: '' }, { emitEvent: false });
        this.applied.update((f) => ({ ...f, keyId: '' }));
        this.pageIndex.set(0);
        this.load();
      });
  }

  /** What the API is asked for: the form's filters plus the team in scope, if any. */
  private filters(): UsageFilters {
    const teamId = this.scope.teamId();
    return teamId ? { ...this.applied(), teamId } : this.applied();
  }

  /** Filters with From after To are not applied: the form says why instead. */
  protected apply(): void {
    if (this.form.invalid) return;
    const filters = this.form.getRawValue();
    this.applied.set(filters);
    this.pageIndex.set(0);
    const queryParams = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v || null]));
    void this.router.navigate([], { relativeTo: this.route, queryParams, replaceUrl: true });
    this.load();
  }

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.loadRows();
  }

  protected download(): void {
    const filters = this.applied();
    this.downloading.set(true);
    this.usageApi.csv(this.filters()).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        saveBlob(blob, `usage-${filters.from || 'all'}-${filters.to || 'now'}.csv`);
        this.notify.ok('CSV downloaded');
      },
      error: (err: unknown) => {
        this.downloading.set(false);
        this.notify.fail(err, 'Could not download the CSV');
      },
    });
  }

  private load(): void {
    if (this.form.invalid) return;
    this.loading.set(true);
    this.loading$?.unsubscribe();
    this.loading$ = forkJoin({
      days: this.usageApi.groups(this.filters(), 'day'),
      rows: this.usageApi.rows(this.filters(), this.pageIndex() + 1, this.pageSize()),
    }).subscribe({
      next: ({ days, rows }) => {
        this.days.set(days.items);
        this.rows.set(rows.items);
        this.total.set(rows.total);
        this.loading.set(false);
      },
      error: (err: unknown) => this.failed(err),
    });
  }

  private loadRows(): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    this.loading$ = this.usageApi.rows(this.filters(), this.pageIndex() + 1, this.pageSize()).subscribe({
      next: (rows) => {
        this.rows.set(rows.items);
        this.total.set(rows.total);
        this.loading.set(false);
      },
      error: (err: unknown) => this.failed(err),
    });
  }

  private failed(err: unknown): void {
    this.loading.set(false);
    this.notify.fail(err, 'Could not load usage');
  }

  private initialFilters(): FormFilters {
    const q = inject(ActivatedRoute).snapshot.queryParamMap;
    return {
      from: q.get('from') ?? daysAgo(6),
      to: q.get('to') ?? isoDay(new Date()),
      keyId: q.get('keyId') ?? '',
      model: q.get('model') ?? '',
    };
  }
}
