import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router } from '@angular/router';
import type { RequestLogRowView } from '@gateway/contracts';
import { skip, Subscription } from 'rxjs';
import { RequestScope, RequestsApiService } from '../../api/requests-api.service';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { FORMAT_PIPES, moneyDigits } from '../../format';
import { RequestDetailComponent } from './request-detail.component';
import { filterProblem, filtersFrom, keyFilter, NO_FILTERS, RequestFilters, requestParams, STATUS_CHOICES, statusTone } from './request-query';

const PAGE_SIZE = 50;

/** The request log: find any request by time, user, key, model, provider or status, and see what it cost and why. */
@Component({
  selector: 'gw-requests-page',
  imports: [FORMAT_PIPES, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule, MatTableModule, RequestDetailComponent, TableWrapDirective],
  templateUrl: './requests-page.component.html',
  styleUrl: './requests-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RequestsPageComponent {
  private readonly api = inject(RequestsApiService);
  private readonly notify = inject(NotifyService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly auth = inject(AuthService);
  private readonly teams = inject(TeamScopeService);
  protected readonly statuses = STATUS_CHOICES;
  protected readonly tone = statusTone;
  /** The form's values; applied (to the URL and the list) by `apply()`. */
  protected readonly draft = signal<RequestFilters>({ ...NO_FILTERS });
  private readonly applied = signal<RequestFilters>({ ...NO_FILTERS });
  protected readonly problem = computed(() => filterProblem(this.draft()));
  protected readonly rows = signal<RequestLogRowView[]>([]);
  protected readonly loading = signal(false);
  /** Cursors of the pages before this one (the first page has none); `next` is the following page's. */
  private readonly cursors = signal<(string | null)[]>([null]);
  protected readonly next = signal<string | null>(null);
  protected readonly pageNumber = computed(() => this.cursors().length);
  protected readonly selected = signal<string | null>(null);
  protected readonly costDigits = computed(() => moneyDigits(this.rows().map((r) => r.costUsd), 2, 2, 6));
  /** Admins read everyone's; a team's owner (team chosen in the toolbar) the team's; anyone else their own. */
  protected readonly scope = computed<RequestScope>(() => {
    const team = this.teams.team();
    if (this.auth.isAdmin()) return { kind: 'all' };
    if (team?.role === 'owner') return { kind: 'team', teamId: team.id };
    return team ? { kind: 'mine', teamId: team.id } : { kind: 'mine' };
  });
  protected readonly showsUsers = computed(() => this.scope().kind !== 'mine');
  protected readonly columns = computed(() => [
    'createdAt',
    // With users shown, each key sits under its user: one column fewer.
    ...(this.showsUsers() ? ['user'] : ['key']),
    'model',
    ...(this.auth.isAdmin() ? ['provider'] : []),
    'status',
    'tokens',
    'cost',
    'latency',
  ]);
  private loading$?: Subscription;

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.route.queryParams.pipe(takeUntilDestroyed(destroyRef)).subscribe((query) => {
      const filters = filtersFrom(query as Record<string, string>);
      this.draft.set(filters);
      this.applied.set(filters);
      this.selected.set(typeof query['open'] === 'string' ? (query['open'] as string) : null);
      this.first();
    });
    toObservable(this.scope)
      .pipe(skip(1), takeUntilDestroyed(destroyRef))
      .subscribe(() => this.first());
  }

  protected set(name: keyof RequestFilters, value: string): void {
    this.draft.update((f) => ({ ...f, [name]: value ?? '' }));
  }

  protected apply(): void {
    if (this.problem()) return;
    const draft = { ...this.draft(), key: keyFilter(this.draft().key) };
    const query = Object.fromEntries(Object.entries(draft).filter(([, v]) => v.trim()));
    void this.router.navigate([], { relativeTo: this.route, queryParams: query });
  }

  protected clear(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected older(): void {
    const cursor = this.next();
    if (!cursor) return;
    this.cursors.update((c) => [...c, cursor]);
    this.load(cursor);
  }

  protected newer(): void {
    if (this.cursors().length < 2) return;
    const cursors = this.cursors().slice(0, -1);
    this.cursors.set(cursors);
    this.load(cursors[cursors.length - 1]);
  }

  protected open(row: RequestLogRowView): void {
    this.selected.set(row.requestId);
  }

  private first(): void {
    this.cursors.set([null]);
    this.load(null);
  }

  private load(cursor: string | null): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    // Only the admin's and a team's log take a user (a URL may still carry one).
    const filters = this.showsUsers() ? this.applied() : { ...this.applied(), user: '' };
    this.loading$ = this.api.page(this.scope(), requestParams(filters, cursor, PAGE_SIZE)).subscribe({
      next: (page) => {
        this.rows.set(page.items);
        this.next.set(page.nextCursor);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.rows.set([]);
        this.next.set(null);
        this.notify.fail(err, 'Could not load the request log');
      },
    });
  }
}
