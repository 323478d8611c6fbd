import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import type { CreditsView, TeamView } from '@gateway/contracts';
import { filter } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { GrantCreditsDialogComponent, GrantTarget } from '../../../components/grant-credits-dialog/grant-credits-dialog.component';
import { TableWrapDirective } from '../../../components/table-wrap/table-wrap.directive';
import { formatMoney, MoneyPipe, moneyDigits, WhenPipe } from '../../../format';
import { NotifyService } from '../../../core/notify.service';

/** The team's account: balance and ledger; admins grant credits from here. */
@Component({
  selector: 'gw-team-credits',
  imports: [MatButtonModule, MatPaginatorModule, MatTableModule, MoneyPipe, TableWrapDirective, WhenPipe],
  templateUrl: './team-credits.component.html',
  styles: `.balance { font: var(--mat-sys-headline-medium); margin: 0; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamCreditsComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  readonly team = input.required<TeamView>();
  readonly isAdmin = input(false);
  protected readonly credits = signal<CreditsView | null>(null);
  protected readonly amountDigits = computed(() => moneyDigits((this.credits()?.history ?? []).map((e) => e.amountUsd)));
  protected readonly pageIndex = signal(0);
  protected readonly columns = ['createdAt', 'type', 'amountUsd', 'note'];

  constructor() {
    effect(() => {
      this.team().id;
      untracked(() => this.load());
    });
  }

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.load();
  }

  protected grant(): void {
    const team = this.team();
    this.dialog
      .open<GrantCreditsDialogComponent, GrantTarget, number>(GrantCreditsDialogComponent, {
        data: { teamId: team.id, label: team.name },
        width: '420px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .pipe(filter((amount): amount is number => typeof amount === 'number'))
      .subscribe((amount) => {
        this.notify.ok(`Granted ${formatMoney(amount)} to ${team.name}`);
        this.pageIndex.set(0);
        this.load();
      });
  }

  private load(): void {
    this.teamsApi.credits(this.team().id, this.pageIndex() + 1, 10).subscribe({
      next: (credits) => this.credits.set(credits),
      error: (err: unknown) => this.notify.fail(err, "Could not load the team's balance"),
    });
  }
}
