import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { NotificationView, TeamView, UserView } from '@gateway/contracts';
import { NotificationsApiService } from '../../../api/notifications-api.service';
import { TeamsApiService } from '../../../api/teams-api.service';
import { UsersApiService } from '../../../api/users-api.service';
import { BudgetBarComponent } from '../../../components/budget-bar/budget-bar.component';
import { AgoPipe, MoneyPipe, WhenPipe } from '../../../format';
import { notificationLabel } from '../../notifications/notification-labels';

/** The dashboard's budget and alert state: the user's budget, their owned teams', the latest alerts. */
@Component({
  selector: 'gw-budget-alerts',
  imports: [AgoPipe, BudgetBarComponent, MatButtonModule, MoneyPipe, RouterLink, WhenPipe],
  templateUrl: './budget-alerts.component.html',
  styleUrl: './budget-alerts.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BudgetAlertsComponent {
  protected readonly label = notificationLabel;
  protected readonly me = signal<UserView | null>(null);
  protected readonly ownedTeams = signal<TeamView[]>([]);
  protected readonly latest = signal<NotificationView[] | null>(null);

  constructor() {
    // Each part on its own: one failing endpoint leaves the others (and the rest of the dashboard) be.
    inject(UsersApiService)
      .profile()
      .subscribe({ next: (me) => this.me.set(me), error: () => undefined });
    inject(TeamsApiService)
      .list()
      .subscribe({ next: (page) => this.ownedTeams.set(page.items.filter((t) => t.role === 'owner')), error: () => undefined });
    inject(NotificationsApiService)
      .list({ pageSize: 5 })
      .subscribe({ next: (page) => this.latest.set(page.items), error: () => this.latest.set([]) });
  }
}
