import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { TeamsApiService } from '../../api/teams-api.service';
import { errorStatus, errorText } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';
import type { TeamWithBudget } from '../../core/team-budget';
import { BudgetPanelComponent } from './budget-panel/budget-panel.component';
import { TeamCreditsComponent } from './team-credits/team-credits.component';
import { TeamKeysComponent } from './team-keys/team-keys.component';
import { TeamMembersComponent } from './team-members/team-members.component';
import { TeamSettingsComponent } from './team-settings/team-settings.component';
import { TeamUsageComponent } from './team-usage/team-usage.component';
import { TeamWebhooksComponent } from './team-webhooks/team-webhooks.component';

/** One team: everything for its owners and admins; its models and one's own usage for a member. */
@Component({
  selector: 'gw-team-detail-page',
  imports: [
    BudgetPanelComponent,
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    TeamCreditsComponent,
    TeamKeysComponent,
    TeamMembersComponent,
    TeamSettingsComponent,
    TeamUsageComponent,
    TeamWebhooksComponent,
  ],
  templateUrl: './team-detail-page.component.html',
  styleUrl: './team-detail-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamDetailPageComponent {
  private readonly teamsApi = inject(TeamsApiService);
  protected readonly auth = inject(AuthService);
  /** The route's `:id`. */
  readonly id = input.required<string>();
  protected readonly team = signal<TeamWithBudget | null>(null);
  protected readonly loading = signal(true);
  protected readonly failure = signal<{ title: string; text: string } | null>(null);
  protected readonly manages = computed(() => this.auth.isAdmin() || this.team()?.role === 'owner');

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
  }

  protected updated(team: TeamWithBudget): void {
    this.team.set(team);
  }

  private load(id: string): void {
    this.loading.set(true);
    this.failure.set(null);
    this.teamsApi.get(id).subscribe({
      next: (team) => {
        this.team.set(team);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.team.set(null);
        this.loading.set(false);
        const status = errorStatus(err);
        // The API answers 404 to outsiders, so a team that exists and one that does not look alike.
        this.failure.set(
          status === 404 || status === 400
            ? { title: 'Team not found', text: 'This team does not exist, or you are not one of its members.' }
            : status === 403
              ? { title: 'Not allowed', text: errorText(err) }
              : { title: 'Could not load the team', text: errorText(err) },
        );
      },
    });
  }
}
