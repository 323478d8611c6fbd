import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import type { NotificationView, TeamView } from '@gateway/contracts';
import { Subscription } from 'rxjs';
import { NotificationsApiService } from '../../api/notifications-api.service';
import { TeamsApiService } from '../../api/teams-api.service';
import { TableWrapDirective } from '../../components/table-wrap/table-wrap.directive';
import { AuthService } from '../../core/auth.service';
import { phoneLayout } from '../../core/layout';
import { NotificationsSeenService } from '../../core/notifications-seen.service';
import { NotifyService } from '../../core/notify.service';
import { AgoPipe, WhenPipe } from '../../format';
import { notificationLabel, teamNameOf } from './notification-labels';

/** Budget and balance alerts, newest first: the user's own and their owned teams'; admins any team's or everyone's. */
@Component({
  selector: 'gw-notifications-page',
  imports: [
    AgoPipe,
    MatFormFieldModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTableModule,
    TableWrapDirective,
    WhenPipe,
  ],
  templateUrl: './notifications-page.component.html',
  styles: `
    td.text { min-width: 220px; padding-top: 6px; padding-bottom: 6px; white-space: normal; }
    .meta { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin-bottom: 4px; font: var(--mat-sys-body-small); }
    .when { white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationsPageComponent {
  private readonly api = inject(NotificationsApiService);
  private readonly seen = inject(NotificationsSeenService);
  private readonly notify = inject(NotifyService);
  protected readonly auth = inject(AuthService);
  protected readonly label = notificationLabel;
  protected readonly teams = signal<TeamView[]>([]);
  /** Admins filter by any team, others by the teams they own (members see none of a team's alerts). */
  protected readonly filterTeams = computed(() => this.teams().filter((t) => this.auth.isAdmin() || t.role === 'owner'));
  protected readonly teamId = signal<string | null>(null);
  protected readonly everyone = signal(false);
  protected readonly loading = signal(true);
  protected readonly items = signal<NotificationView[]>([]);
  protected readonly total = signal(0);
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(20);
  /** A phone gets one column: the type, team and time above the text. */
  protected readonly phone = phoneLayout();
  protected readonly columns = computed(() => (this.phone() ? ['text'] : ['createdAt', 'type', 'team', 'text']));
  private loading$?: Subscription;

  constructor() {
    inject(TeamsApiService)
      .list()
      .subscribe({ next: (page) => this.teams.set(page.items), error: () => undefined });
    this.load();
  }

  protected teamName(n: NotificationView): string {
    return teamNameOf(n, this.teams());
  }

  protected setTeam(teamId: string | null): void {
    this.teamId.set(teamId || null);
    this.pageIndex.set(0);
    this.load();
  }

  protected setEveryone(all: boolean): void {
    this.everyone.set(all);
    this.pageIndex.set(0);
    this.load();
  }

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
    this.load();
  }

  private load(): void {
    this.loading.set(true);
    this.loading$?.unsubscribe();
    const filters = { page: this.pageIndex() + 1, pageSize: this.pageSize(), teamId: this.teamId(), all: this.everyone() };
    this.loading$ = this.api.list(filters).subscribe({
      next: (page) => {
        this.items.set(page.items);
        this.total.set(page.total);
        this.loading.set(false);
        // The newest of the caller's own list is what the bell counts from.
        if (filters.page === 1 && !filters.teamId) this.seen.markSeen(page.items[0]?.createdAt);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load notifications');
      },
    });
  }
}
