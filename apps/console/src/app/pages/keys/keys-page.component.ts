import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { KeyView } from '@gateway/contracts';
import { skip, Subscription, switchMap } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { BudgetBarComponent } from '../../components/budget-bar/budget-bar.component';
import { IconComponent } from '../../components/icon/icon.component';
import { confirmRevoke, createKeyFlow, editKeyFlow, graceEnds, keyStatus, rotateKeyFlow } from '../../components/key-form-dialog/create-key-flow';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { errorStatus, errorText } from '../../core/api-error';
import { keyBudget } from '../../core/budget-form';
import { FORMAT_PIPES } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { AuthService } from '../../core/auth.service';


@Component({
  selector: 'gw-keys-page',
  imports: [BudgetBarComponent, FORMAT_PIPES, IconComponent, MatButtonModule, MatProgressBarModule, MatTableModule, RowActionsComponent, TableWrapDirective],
  templateUrl: './keys-page.component.html',
  styleUrl: './keys-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeysPageComponent {
  private readonly keysApi = inject(KeysApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  private readonly auth = inject(AuthService);
  /** Personal keys, or the keys of the team chosen in the toolbar. */
  protected readonly scope = inject(TeamScopeService);
  protected readonly status = keyStatus;
  protected readonly graceEnds = graceEnds;
  protected readonly budgetOf = keyBudget;
  protected readonly loading = signal(true);
  protected readonly keys = signal<KeyView[]>([]);
  /** Why the team's keys cannot be shown (an older server answers a member 403). */
  protected readonly refused = signal<string | null>(null);
  /** A team's plain member sees only the keys made for them, and makes none. */
  protected readonly holderOnly = computed(() => this.scope.team()?.role === 'member' && !this.auth.isAdmin());
  protected readonly columns = ['name', 'prefix', 'models', 'limits', 'budget', 'expiresAt', 'lastUsedAt', 'status', 'actions'];
  /** The list in flight: a newer load (the scope just changed) cancels it, so a late answer cannot win. */
  private loading$?: Subscription;

  constructor() {
    this.load();
    toObservable(this.scope.teamId)
      .pipe(skip(1), takeUntilDestroyed())
      .subscribe(() => this.load());
  }

  protected load(): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    this.loading$ = this.keysApi.list(this.scope.teamId()).subscribe({
      next: (keys) => {
        this.keys.set(keys);
        this.refused.set(null);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.keys.set([]);
        if (errorStatus(err) === 403 || errorStatus(err) === 404) this.refused.set(errorText(err));
        else this.notify.fail(err, 'Could not load your keys');
      },
    });
  }

  /** Revoked and expired keys keep their row, with nothing left to do. */
  protected actionsFor(key: KeyView): RowAction[] {
    if (key.revokedAt) return [];
    if (this.holderOnly()) return [];
    return [
      { label: 'Edit', ariaLabel: `Edit key ${key.name}`, icon: 'edit', run: () => this.edit(key) },
      { label: 'Rotate', ariaLabel: `Rotate key ${key.name}`, icon: 'refresh', run: () => this.rotate(key) },
      { label: 'Revoke', ariaLabel: `Revoke key ${key.name}`, icon: 'delete', class: 'revoke', danger: true, run: () => this.revoke(key) },
    ];
  }

  protected create(): void {
    const team = this.scope.team();
    createKeyFlow(this.dialog, team ? { team } : {}).subscribe((created) => {
      this.notify.ok(`Key "${created.name}" created`);
      this.load();
    });
  }

  protected edit(key: KeyView): void {
    editKeyFlow(this.dialog, key).subscribe((saved) => {
      this.notify.ok(`Key "${saved.name}" saved`);
      this.load();
    });
  }

  protected rotate(key: KeyView): void {
    rotateKeyFlow(this.dialog, key).subscribe(() => {
      this.notify.ok(`Key "${key.name}" rotated: copy its new secret now`);
      this.load();
    });
  }

  protected revoke(key: KeyView): void {
    confirmRevoke(this.dialog, key)
      .pipe(switchMap(() => this.keysApi.revoke(key.id)))
      .subscribe({
        next: () => {
          this.notify.ok(`Key "${key.name}" revoked`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not revoke the key'),
      });
  }
}
