import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { TeamView } from '@gateway/contracts';
import { catchError, filter, Observable, switchMap, throwError } from 'rxjs';
import { TeamsApiService } from '../../api/teams-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { RowAction } from '../../components/row-actions/row-action';
import { RowActionsComponent } from '../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { TeamFormDialogComponent } from '../../components/team-form-dialog/team-form-dialog.component';
import { errorStatus, errorText } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';
import { CountPipe, WhenPipe } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { TeamScopeService } from '../../core/team-scope.service';

/** What a forced delete does, said before an admin confirms it. */
export const FORCE_DELETE_EFFECT =
  'Its live keys are revoked at once, on every replica; its balance and history stay recorded in the ledger.';

@Component({
  selector: 'gw-teams-page',
  imports: [
    CountPipe,
    IconComponent,
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    RowActionsComponent,
    TableWrapDirective,
    WhenPipe,
  ],
  templateUrl: './teams-page.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamsPageComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  private readonly scope = inject(TeamScopeService);
  protected readonly auth = inject(AuthService);
  protected readonly loading = signal(true);
  protected readonly teams = signal<TeamView[]>([]);
  protected readonly columns = ['name', 'slug', 'role', 'models', 'limits', 'createdAt', 'actions'];

  protected actionsFor(team: TeamView): RowAction[] {
    return this.auth.isAdmin() ? [{ label: 'Delete', ariaLabel: `Delete team ${team.name}`, danger: true, run: () => this.remove(team) }] : [];
  }

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.teamsApi.list().subscribe({
      next: (page) => {
        this.teams.set(page.items);
        this.scope.setTeams(page.items);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load teams');
      },
    });
  }

  protected create(): void {
    this.dialog
      .open<TeamFormDialogComponent, void, TeamView>(TeamFormDialogComponent, { width: '560px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(filter((team): team is TeamView => !!team))
      .subscribe((team) => {
        this.notify.ok(`Team "${team.name}" created`);
        this.load();
      });
  }

  /** Asks first; when the API refuses (keys or balance), offers an admin the forced delete. */
  protected remove(team: TeamView): void {
    const message = 'Its members lose access to it. This cannot be undone.';
    const data = { title: `Delete ${team.name}?`, message, confirm: 'Delete team' };
    this.confirm(data)
      .pipe(
        switchMap(() => this.teamsApi.remove(team.id)),
        catchError((err: unknown) => (errorStatus(err) === 409 ? this.forceRemove(team, errorText(err)) : throwError(() => err))),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Team "${team.name}" deleted`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not delete the team'),
      });
  }

  private forceRemove(team: TeamView, refusal: string): Observable<void> {
    // The API's refusal ends with advice for API callers ("pass ?force=true ..."): the dialog is that advice.
    const holdings = refusal.replace(/:\s*pass \?force=true.*$/s, '');
    const data = { title: `Force delete ${team.name}?`, message: `${holdings}. ${FORCE_DELETE_EFFECT}`, confirm: 'Force delete' };
    return this.confirm(data).pipe(switchMap(() => this.teamsApi.remove(team.id, true)));
  }

  private confirm(data: ConfirmDialogData): Observable<true> {
    return this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(filter((ok): ok is true => ok === true));
  }
}
