import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type { AddTeamMemberRequest, TeamMemberView, TeamRole, TeamView } from '@gateway/contracts';
import { filter, switchMap } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../../components/confirm-dialog/confirm-dialog.component';
import { RowAction } from '../../../components/row-actions/row-action';
import { RowActionsComponent } from '../../../components/row-actions/row-actions.component';
import { TableWrapDirective } from '../../../components/table-wrap/table-wrap.directive';
import { errorMessages } from '../../../core/api-error';
import { WhenPipe } from '../../../format';
import { NotifyService } from '../../../core/notify.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "a@b.c" names a user by email, a UUID by id (the API takes either). */
export function memberRef(text: string): Pick<AddTeamMemberRequest, 'email' | 'userId'> {
  const value = text.trim();
  return UUID.test(value) ? { userId: value } : { email: value };
}

/** The team's members with their roles: add, change role, remove (owners and admins). */
@Component({
  selector: 'gw-team-members',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    RowActionsComponent,
    TableWrapDirective,
    WhenPipe,
  ],
  templateUrl: './team-members.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamMembersComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  readonly team = input.required<TeamView>();
  protected readonly members = signal<TeamMemberView[]>([]);
  protected readonly adding = signal(false);
  protected readonly addErrors = signal<string[]>([]);
  protected readonly columns = ['email', 'name', 'role', 'createdAt', 'actions'];
  protected readonly form = inject(NonNullableFormBuilder).group({
    user: ['', Validators.required],
    role: ['member' as TeamRole],
  });

  constructor() {
    effect(() => {
      this.team().id;
      untracked(() => this.load());
    });
  }

  protected add(): void {
    if (this.form.invalid || this.adding()) {
      this.form.markAllAsTouched();
      return;
    }
    const { user, role } = this.form.getRawValue();
    this.adding.set(true);
    this.addErrors.set([]);
    this.teamsApi.addMember(this.team().id, { ...memberRef(user), role }).subscribe({
      next: (member) => {
        this.adding.set(false);
        this.form.reset({ user: '', role: 'member' });
        this.notify.ok(`${member.email} added as ${member.role}`);
        this.load();
      },
      error: (err: unknown) => {
        this.adding.set(false);
        this.addErrors.set(errorMessages(err));
      },
    });
  }

  /** Refusals (the last owner) come back as the API's message; the list is reloaded either way. */
  protected setRole(member: TeamMemberView, role: TeamRole): void {
    this.teamsApi.setRole(this.team().id, member.userId, role).subscribe({
      next: () => {
        this.notify.ok(`${member.email} is now ${role === 'owner' ? 'an owner' : 'a member'}`);
        this.load();
      },
      error: (err: unknown) => {
        this.notify.fail(err, `Could not change ${member.email}'s role`);
        this.load();
      },
    });
  }

  protected actionsFor(member: TeamMemberView): RowAction[] {
    return [{ label: 'Remove', ariaLabel: `Remove ${member.email}`, danger: true, run: () => this.remove(member) }];
  }

  protected remove(member: TeamMemberView): void {
    const data: ConfirmDialogData = {
      title: `Remove ${member.email}?`,
      message: `They lose access to ${this.team().name}. Team keys they created stay with the team.`,
      confirm: 'Remove member',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.teamsApi.removeMember(this.team().id, member.userId)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`${member.email} removed`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, `Could not remove ${member.email}`),
      });
  }

  private load(): void {
    this.teamsApi.members(this.team().id).subscribe({
      next: (page) => this.members.set(page.items),
      error: (err: unknown) => this.notify.fail(err, 'Could not load the members'),
    });
  }
}
