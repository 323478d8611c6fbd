import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import type { KeyView, TeamView } from '@gateway/contracts';
import { switchMap } from 'rxjs';
import { KeysApiService } from '../../../api/keys-api.service';
import { BudgetBarComponent } from '../../../components/budget-bar/budget-bar.component';
import { IconComponent } from '../../../components/icon/icon.component';
import { confirmRevoke, createKeyFlow, keyStatus } from '../../../components/key-form-dialog/create-key-flow';
import { RowAction } from '../../../components/row-actions/row-action';
import { RowActionsComponent } from '../../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../../components/table-wrap/table-wrap.directive';
import { keyBudget } from '../../../core/budget-form';
import { FORMAT_PIPES } from '../../../format';
import { NotifyService } from '../../../core/notify.service';

/** The team's keys: created here by owners and admins (the plaintext shown once), revoked here. */
@Component({
  selector: 'gw-team-keys',
  imports: [BudgetBarComponent, FORMAT_PIPES, IconComponent, MatButtonModule, MatTableModule, RowActionsComponent, TableWrapDirective],
  templateUrl: './team-keys.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamKeysComponent {
  private readonly keysApi = inject(KeysApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  readonly team = input.required<TeamView>();
  protected readonly status = keyStatus;
  protected readonly budgetOf = keyBudget;
  protected readonly keys = signal<KeyView[]>([]);
  protected readonly columns = ['name', 'prefix', 'models', 'budget', 'lastUsedAt', 'status', 'actions'];

  constructor() {
    effect(() => {
      this.team().id;
      untracked(() => this.load());
    });
  }

  protected create(): void {
    createKeyFlow(this.dialog, { team: this.team() }).subscribe((created) => {
      this.notify.ok(`Key "${created.name}" created`);
      this.load();
    });
  }

  protected actionsFor(key: KeyView): RowAction[] {
    return key.revokedAt ? [] : [{ label: 'Revoke', ariaLabel: `Revoke key ${key.name}`, danger: true, run: () => this.revoke(key) }];
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

  private load(): void {
    this.keysApi.list(this.team().id).subscribe({
      next: (keys) => this.keys.set(keys),
      error: (err: unknown) => this.notify.fail(err, "Could not load the team's keys"),
    });
  }
}
