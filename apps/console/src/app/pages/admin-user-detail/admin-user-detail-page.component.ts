import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { MatSlideToggle, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import type { KeyView, Role, Tier, UpdateUserRequest, UsageGroupView, UserView } from '@gateway/contracts';
import { catchError, EMPTY, filter, map, Observable, of, switchMap } from 'rxjs';
import { BillingApiService } from '../../api/billing-api.service';
import { KeysApiService } from '../../api/keys-api.service';
import { UsersApiService } from '../../api/users-api.service';
import { ChartComponent } from '../../components/chart/chart.component';
import { dailyCharts } from '../../components/chart/usage-charts';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { LedgerHistoryComponent } from '../../components/ledger-history/ledger-history.component';
import { daysAgo, isoDay } from '../../core/format';
import { CountPipe, formatMoney, MoneyPipe, WhenPipe } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { accessConfirmation, creditConfirmation } from './user-changes';

/** Admin → Users → one user: access, balance and adjustments, ledger, keys, usage. */
@Component({
  selector: 'gw-admin-user-detail-page',
  imports: [ChartComponent, CountPipe, FormsModule, LedgerHistoryComponent, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule, MoneyPipe, RouterLink, WhenPipe],
  templateUrl: './admin-user-detail-page.component.html',
  styleUrl: './admin-user-detail-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminUserDetailPageComponent {
  private readonly usersApi = inject(UsersApiService);
  private readonly keysApi = inject(KeysApiService);
  private readonly billing = inject(BillingApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  readonly id = input.required<string>();
  protected readonly roles: Role[] = ['user', 'admin'];
  protected readonly tiers: Tier[] = ['free', 'pro', 'enterprise'];
  protected readonly user = signal<UserView | null>(null);
  protected readonly keys = signal<KeyView[]>([]);
  private readonly days = signal<UsageGroupView[]>([]);
  protected readonly range = { from: daysAgo(29), to: isoDay(new Date()) };
  protected readonly charts = computed(() => dailyCharts(this.days(), this.range.from, this.range.to));
  protected readonly ledgerReloads = signal(0);
  private readonly roleSelect = viewChild<MatSelect>('roleSelect');
  private readonly tierSelect = viewChild<MatSelect>('tierSelect');
  private readonly activeToggle = viewChild(MatSlideToggle);
  protected readonly amount = signal<number | null>(null);
  protected readonly note = signal('');
  protected readonly saving = signal(false);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  /** A change cancelled or refused: the controls show the user as they are again (a binding to an unchanged value would not). */
  private putControlsBack(): void {
    const u = this.user();
    if (!u) return;
    const [role, tier, active] = [this.roleSelect(), this.tierSelect(), this.activeToggle()];
    if (role) role.value = u.role;
    if (tier) tier.value = u.tier;
    if (active) active.checked = u.active;
  }

  /** Role, tier or active: privilege changes are confirmed first. */
  protected change(change: UpdateUserRequest): void {
    const u = this.user();
    if (!u) return;
    const question = accessConfirmation(u, change);
    (question ? this.asked(question) : of(true))
      .pipe(
        // Cancelled: the controls go back to what the user is.
        switchMap((ok) => (ok ? this.usersApi.update(u.id, change) : (this.putControlsBack(), EMPTY))),
        // The update's answer has no limits: read the user again, so a new tier shows its own.
        switchMap((updated) => this.usersApi.get(u.id).pipe(catchError(() => of(updated)))),
      )
      .subscribe({
        next: (updated) => {
          this.user.set({ ...u, ...updated });
          this.notify.ok(`${u.email} updated`);
        },
        error: (err: unknown) => {
          this.notify.fail(err, 'Could not update the user');
          this.putControlsBack();
        },
      });
  }

  protected adjust(): void {
    const u = this.user();
    const amountUsd = this.amount();
    if (!u || !amountUsd) return;
    this.confirm(creditConfirmation(u.email, amountUsd, (v) => formatMoney(v, 'full')))
      .pipe(switchMap(() => (this.saving.set(true), this.billing.grant({ userId: u.id, amountUsd, note: this.note().trim() || undefined }))))
      .subscribe({
        next: () => {
          this.saving.set(false);
          this.notify.ok(amountUsd > 0 ? `Granted ${formatMoney(amountUsd, 'full')} to ${u.email}` : `Deducted ${formatMoney(-amountUsd, 'full')} from ${u.email}`);
          this.amount.set(null);
          this.note.set('');
          this.ledgerReloads.update((n) => n + 1);
          this.usersApi.get(u.id).subscribe((fresh) => this.user.set(fresh));
        },
        error: (err: unknown) => {
          this.saving.set(false);
          this.notify.fail(err, 'Could not change the balance');
        },
      });
  }

  private load(id: string): void {
    this.usersApi.get(id).subscribe({ next: (u) => this.user.set(u), error: (err: unknown) => this.notify.fail(err, 'Could not load the user') });
    this.keysApi.listForUser(id).subscribe({ next: (k) => this.keys.set(k), error: () => this.keys.set([]) });
    this.usersApi.usageByDay(id, this.range.from, this.range.to).subscribe({ next: (d) => this.days.set(d), error: () => this.days.set([]) });
  }

  private asked(data: ConfirmDialogData): Observable<boolean> {
    return this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(map((ok) => ok === true));
  }

  private confirm(data: ConfirmDialogData): Observable<true> {
    return this.asked(data).pipe(filter((ok): ok is true => ok));
  }
}
