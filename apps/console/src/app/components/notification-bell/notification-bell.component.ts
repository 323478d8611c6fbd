import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatTooltipModule } from '@angular/material/tooltip';
import { NavigationEnd, Router, RouterLink } from '@angular/router';
import { filter, interval, merge } from 'rxjs';
import { NotificationsSeenService, unreadLabel } from '../../core/notifications-seen.service';
import { IconComponent } from '../icon/icon.component';

const POLL_MS = 60_000;

/** The toolbar's bell: how many budget and balance alerts arrived since the list was last opened. */
@Component({
  selector: 'gw-notification-bell',
  imports: [IconComponent, MatButtonModule, MatTooltipModule, RouterLink],
  template: `
    <a
      mat-icon-button
      routerLink="/notifications"
      matTooltip="Notifications"
      [attr.aria-label]="label() ? 'Notifications, ' + label() + ' new' : 'Notifications'"
      data-testid="notification-bell"
    >
      <gw-icon name="bell" />
      @if (label(); as count) {
        <span class="count" data-testid="notification-count" aria-hidden="true">{{ count }}</span>
      }
    </a>
  `,
  styles: `
    a { position: relative; }
    .count {
      position: absolute; top: 2px; right: 0; min-width: 18px; height: 18px; padding: 0 4px; box-sizing: border-box;
      border-radius: 9px; background: var(--mat-sys-error); color: var(--mat-sys-on-error);
      font: 600 11px/18px var(--mat-sys-body-small-font, sans-serif); text-align: center;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationBellComponent {
  private readonly seen = inject(NotificationsSeenService);
  protected readonly label = computed(() => unreadLabel(this.seen.unread()));

  constructor() {
    // Counted on each page change (the shell is created within the first) and every minute; the list resets it.
    const router = inject(Router);
    merge(router.events.pipe(filter((e) => e instanceof NavigationEnd)), interval(POLL_MS))
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => {
        if (!router.url.startsWith('/notifications')) this.seen.refresh();
      });
  }
}
