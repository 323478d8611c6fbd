import { BreakpointObserver } from '@angular/cdk/layout';
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import type { NotificationView, TeamView } from '@gateway/contracts';
import { map, Subscription } from 'rxjs';
import { NotificationsApiService } from '../../api/notifications-api.service';
import { TeamsApiService } from '../../api/teams-api.service';
import { AuthService } from '../../core/auth.service';
import { NotificationsSeenService } from '../../core/notifications-seen.service';
import { NotifyService } from '../../core/notify.service';
import { notificationLabel, teamNameOf } from './notification-labels';

/** Budget and balance alerts, newest first: the user's own and their owned teams'; admins any team's or everyone's. */
@Component({
  selector: 'gw-notifications-page',
  imports: [DatePipe, MatFormFieldModule, MatPaginatorModule, MatProgressBarModule, MatSelectModule, MatSlideToggleModule, MatTableModule],
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
  protected readonly phone = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 599.98px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
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
