import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import type { UpdateUserRequest, UserView } from '@gateway/contracts';
import { debounceTime, distinctUntilChanged, filter, Observable, of } from 'rxjs';
import { UsersApiService } from '../../api/users-api.service';
import { BudgetBarComponent } from '../../components/budget-bar/budget-bar.component';
import { BudgetDialogComponent, BudgetDialogData } from '../../components/budget-dialog/budget-dialog.component';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { GrantCreditsDialogComponent, GrantTarget } from '../../components/grant-credits-dialog/grant-credits-dialog.component';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { AuthService } from '../../core/auth.service';
import { formatMoney, MoneyPipe, WhenPipe } from '../../format';
import { keysOf, ROLE_LABELS, TIER_LABELS } from '../../core/labels';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-admin-users-page',
  imports: [
    BudgetBarComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    MoneyPipe,
    ReactiveFormsModule,
    RowActionsComponent,
    TableWrapDirective,
    WhenPipe,
  ],
  templateUrl: './admin-users-page.component.html',
  styles: `
    .low-balance, .user-name { display: block; font: var(--mat-sys-body-small); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminUsersPageComponent {
  private readonly usersApi = inject(UsersApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly auth = inject(AuthService);
  protected readonly tiers = keysOf(TIER_LABELS);
  protected readonly roles = keysOf(ROLE_LABELS);
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly loading = signal(true);
  protected readonly users = signal<UserView[]>([]);
  protected readonly total = signal(0);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  /** The name sits under the email, so the table fits a laptop without scrolling. */
  protected readonly columns = ['email', 'balanceUsd', 'budget', 'role', 'tier', 'active', 'createdAt', 'actions'];

  constructor() {
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => {
        this.pageIndex.set(0);
        this.load();
      });
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.usersApi.list({ page: this.pageIndex() + 1, pageSize: this.pageSize(), search: this.search.value }).subscribe({
      next: (page) => {
        this.users.set(page.items);
        this.total.set(page.total);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load users');
      },
    });
  }

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.load();
  }

  protected actionsFor(user: UserView): RowAction[] {
    return [
      { label: 'Grant credits', ariaLabel: `Grant credits to ${user.email}`, stroked: true, run: () => this.grant(user) },
      { label: 'Budget', ariaLabel: `Budget of ${user.email}`, icon: 'money', run: () => this.editBudget(user) },
    ];
  }

  /** Role changes and deactivation are asked twice; a cancelled change puts the row back as it was. */
  protected update(user: UserView, change: UpdateUserRequest): void {
    this.confirmed(user, change).subscribe((ok) => (ok ? this.save(user, change) : this.restore(user)));
  }

  private confirmed(user: UserView, change: UpdateUserRequest): Observable<boolean | undefined> {
    const data = confirmation(user, change);
    if (!data) return of(true);
    return this.dialog.open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data }).afterClosed();
  }

  /** A fresh row object makes the table redraw the row, so its select or toggle shows the saved value again. */
  private restore(user: UserView): void {
    this.users.update((list) => list.map((u) => (u.id === user.id ? { ...u } : u)));
  }

  private save(user: UserView, change: UpdateUserRequest): void {
    this.usersApi.update(user.id, change).subscribe({
      next: (updated) => {
        this.users.update((list) => list.map((u) => (u.id === user.id ? { ...u, ...updated } : u)));
        this.notify.ok(`${user.email} updated`);
      },
      error: (err: unknown) => {
        this.notify.fail(err, `Could not update ${user.email}`);
        this.restore(user);
      },
    });
  }

  protected editBudget(user: UserView): void {
    const data: BudgetDialogData<UserView> = {
      subject: user.email,
      budget: user.budget ?? null,
      lowBalanceUsd: user.lowBalanceUsd ?? null,
      save: (body) => this.usersApi.update(user.id, body),
    };
    this.dialog
      .open(BudgetDialogComponent, { data, width: '520px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.notify.ok(`Budget of ${user.email} saved`);
        this.load();
      });
  }

  protected grant(user: UserView): void {
    this.dialog
      .open<GrantCreditsDialogComponent, GrantTarget, number>(GrantCreditsDialogComponent, {
        data: { userId: user.id, label: user.email },
        width: '420px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((amount): amount is number => typeof amount === 'number'))
      .subscribe((amount) => {
        this.notify.ok(`Granted ${formatMoney(amount)} to ${user.email}`);
        this.load();
      });
  }
}

/** What to ask before a change of who may administer, or sign in at all; null when nothing needs asking. */
export function confirmation(user: UserView, change: UpdateUserRequest): ConfirmDialogData | null {
  if (change.role === 'admin' && user.role !== 'admin') {
    return {
      title: `Make ${user.email} an admin?`,
      message: 'Admins manage users, credits, providers and models, and see everyone\'s usage.',
      confirm: 'Make admin',
    };
  }
  if (change.role === 'user' && user.role === 'admin') {
    return { title: `Remove the admin role of ${user.email}?`, message: 'They keep their keys and credits but lose the admin pages.', confirm: 'Make user' };
  }
  if (change.active === false && user.active) {
    return { title: `Deactivate ${user.email}?`, message: 'They can no longer sign in, and their keys stop working until reactivated.', confirm: 'Deactivate' };
  }
  return null;
}
