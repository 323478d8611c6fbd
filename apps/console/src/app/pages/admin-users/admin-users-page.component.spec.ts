import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { UserView } from '@gateway/contracts';
import { of } from 'rxjs';
import { UsersApiService } from '../../api/users-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { AdminUsersPageComponent, confirmation } from './admin-users-page.component';

const user = { id: 'u1', email: 'ann@example.com', role: 'user', tier: 'free', active: true, balanceUsd: 1 } as UserView;

describe('confirmation of privilege changes', () => {
  it('asks before promoting, demoting or deactivating, and not for a tier or reactivation', () => {
    expect(confirmation(user, { role: 'admin' })?.confirm).toBe('Make admin');
    expect(confirmation({ ...user, role: 'admin' }, { role: 'user' })?.confirm).toBe('Make user');
    expect(confirmation(user, { active: false })?.confirm).toBe('Deactivate');
    expect(confirmation(user, { tier: 'pro' })).toBeNull();
    expect(confirmation({ ...user, active: false }, { active: true })).toBeNull();
  });
});

describe('AdminUsersPageComponent role change', () => {
  let update: ReturnType<typeof vi.fn>;
  let answer: boolean;

  beforeEach(() => {
    update = vi.fn(() => of({ ...user, role: 'admin' }));
    const dialog = { open: vi.fn(() => ({ afterClosed: () => of(answer) })) };
    TestBed.configureTestingModule({
      providers: [
        { provide: UsersApiService, useValue: { list: () => of({ items: [user], total: 1 }), update } },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
        { provide: MatDialog, useValue: dialog },
        { provide: AuthService, useValue: { user: () => null } },
      ],
    });
    TestBed.overrideTemplate(AdminUsersPageComponent, '');
  });

  const page = () =>
    TestBed.createComponent(AdminUsersPageComponent).componentInstance as unknown as {
      update(u: UserView, change: object): void;
      users(): UserView[];
    };

  it('saves a promotion only once it is confirmed', () => {
    answer = true;
    page().update(user, { role: 'admin' });
    expect(update).toHaveBeenCalledWith('u1', { role: 'admin' });
  });

  it('puts the row back when the promotion is cancelled', () => {
    answer = false;
    const p = page();
    const before = p.users()[0];
    p.update(user, { role: 'admin' });
    expect(update).not.toHaveBeenCalled();
    expect(p.users()[0]).not.toBe(before);
    expect(p.users()[0].role).toBe('user');
  });
});
