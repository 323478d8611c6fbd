import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { NotificationsApiService } from '../api/notifications-api.service';
import { AuthService } from './auth.service';
import { later, NotificationsSeenService, unreadCount, unreadLabel } from './notifications-seen.service';

const at = (createdAt: string) => ({ createdAt });
const items = [at('2025-03-01T10:00:03Z'), at('2025-03-01T10:00:02Z'), at('2025-03-01T10:00:01Z')];

describe('unreadCount', () => {
  it('counts what is newer than the last time the list was opened', () => {
    expect(unreadCount(items, '2025-03-01T10:00:01Z')).toBe(2);
    expect(unreadCount(items, '2025-03-01T10:00:03Z')).toBe(0);
  });

  it('counts everything when the list was never opened (or the stored time is unreadable)', () => {
    expect(unreadCount(items, null)).toBe(3);
    expect(unreadCount(items, 'yesterday-ish')).toBe(3);
    expect(unreadCount([], null)).toBe(0);
  });
});

it('labels the bell: empty, the count, or a full window', () => {
  expect(unreadLabel(0)).toBe('');
  expect(unreadLabel(7)).toBe('7');
  expect(unreadLabel(50)).toBe('50+');
});

it('keeps the later of two times', () => {
  expect(later(null, '2025-03-01T00:00:00Z')).toBe('2025-03-01T00:00:00Z');
  expect(later('2025-03-02T00:00:00Z', '2025-03-01T00:00:00Z')).toBe('2025-03-02T00:00:00Z');
});

describe('NotificationsSeenService', () => {
  let service: NotificationsSeenService;
  const list = vi.fn(() => of({ items, total: 3, page: 1, pageSize: 50 }));

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        { provide: NotificationsApiService, useValue: { list } },
        { provide: AuthService, useValue: { user: () => ({ id: 'u1' }) } },
      ],
    });
    service = TestBed.inject(NotificationsSeenService);
  });

  it('counts new ones, remembers per user in localStorage when opened, and counts none after', () => {
    service.refresh();
    expect(list).toHaveBeenCalledWith({ pageSize: 50 });
    expect(service.unread()).toBe(3);
    service.markSeen(items[0].createdAt);
    expect(service.unread()).toBe(0);
    expect(localStorage.getItem('gw.notificationsSeen.u1')).toBe(items[0].createdAt);
    service.refresh();
    expect(service.unread()).toBe(0);
  });

  it('never moves the remembered time back', () => {
    service.markSeen('2025-04-01T00:00:00Z');
    service.markSeen('2025-03-01T00:00:00Z');
    expect(service.seenAt()).toBe('2025-04-01T00:00:00Z');
  });
});
