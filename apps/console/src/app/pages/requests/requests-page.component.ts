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
  /** The last fresh load failed: the page says so rather than "no request matches". */
  protected readonly failed = signal(false);
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
    // While a page loads, `next` is still the shown page's: a second click would skip a page number.
    if (!cursor || this.loading()) return;
    this.load(cursor, [...this.cursors(), cursor]);
  }

  protected newer(): void {
    if (this.cursors().length < 2 || this.loading()) return;
    const cursors = this.cursors().slice(0, -1);
    this.load(cursors[cursors.length - 1], cursors);
  }

  protected open(row: RequestLogRowView): void {
    this.selected.set(row.requestId);
  }

  private first(): void {
    this.load(null, [null], true);
  }

  /**
   * Loads the page at `cursor`; `cursors` (the pager's trail to it) and the rows change together
   * once it has come, so a failed page leaves the one shown, and its pager, in place.
   * `fresh`: new filters or scope, whose failure leaves nothing to show.
   */
  private load(cursor: string | null, cursors: (string | null)[], fresh = false): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    // Only the admin's and a team's log take a user, only the admin's a provider (a URL may still carry them).
    const filters = { ...this.applied(), ...(this.showsUsers() ? {} : { user: '' }), ...(this.auth.isAdmin() ? {} : { provider: '' }) };
    this.loading$ = this.api.page(this.scope(), requestParams(filters, cursor, PAGE_SIZE)).subscribe({
      next: (page) => {
        this.cursors.set(cursors);
        this.rows.set(page.items);
        this.next.set(page.nextCursor);
        this.failed.set(false);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        if (fresh) {
          this.cursors.set(cursors);
          this.rows.set([]);
          this.next.set(null);
          this.failed.set(true);
        }
        this.notify.fail(err, 'Could not load the request log');
      },
    });
  }
}
