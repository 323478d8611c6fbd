import { inject, Injectable, signal } from '@angular/core';
import type { NotificationView } from '@gateway/contracts';
import { NotificationsApiService } from '../api/notifications-api.service';
import { AuthService } from './auth.service';

/** How many of the newest notifications the bell looks at; more shows as "50+". */
export const BELL_WINDOW = 50;

/** Notifications created after `seenAt` (all of them when the user never opened the list). */
export function unreadCount(items: readonly Pick<NotificationView, 'createdAt'>[], seenAt: string | null): number {
  const seen = seenAt ? Date.parse(seenAt) : NaN;
  return Number.isNaN(seen) ? items.length : items.filter((n) => Date.parse(n.createdAt) > seen).length;
}

/** The bell's text: nothing when all is read, "50+" when the window is full of new ones. */
export function unreadLabel(count: number, window = BELL_WINDOW): string {
  return count <= 0 ? '' : count >= window ? `${window}+` : String(count);
}

/** The later of two ISO times (either may be missing). */
export const later = (a: string | null, b: string): string => (a && Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * The bell's count: notifications newer than when this user last opened the list. The time kept is
 * the server's (the newest notification seen), so a browser clock that runs wrong cannot hide any.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsSeenService {
  private readonly api = inject(NotificationsApiService);
  private readonly auth = inject(AuthService);
  readonly unread = signal(0);

  private storageKey(): string {
    return `gw.notificationsSeen.${this.auth.user()?.id ?? 'anonymous'}`;
  }

  seenAt(): string | null {
    return localStorage.getItem(this.storageKey());
  }

  refresh(): void {
    this.api.list({ pageSize: BELL_WINDOW }).subscribe({
      next: (page) => this.unread.set(unreadCount(page.items, this.seenAt())),
      error: () => undefined,
    });
  }

  /** The list was opened showing notifications up to `newest` (its first item's time). */
  markSeen(newest: string | null | undefined): void {
    if (newest) localStorage.setItem(this.storageKey(), later(this.seenAt(), newest));
    this.unread.set(0);
  }
}
