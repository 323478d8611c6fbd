import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { of, throwError } from 'rxjs';
import { TeamsApiService } from '../../api/teams-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { FORCE_DELETE_EFFECT, TeamsPageComponent } from './teams-page.component';
import { teamView } from '../../testing/views';

const team = teamView({ role: null });
const refusal = new HttpErrorResponse({
  status: 409,
  error: { statusCode: 409, error: 'Conflict', message: 'This team has 1 live key and a balance of $5: pass ?force=true to delete it with them' },
});

describe('TeamsPageComponent', () => {
  let confirms: boolean[];
  let dialog: { open: ReturnType<typeof vi.fn> };
  let api: { list: ReturnType<typeof vi.fn>; remove: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };

  async function deleteTeam() {
    const fixture = TestBed.createComponent(TeamsPageComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    (el.querySelector('button[aria-label="Delete team Research"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  beforeEach(() => {
    confirms = [];
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(confirms.shift()) })) };
    api = { list: vi.fn(() => of({ items: [team], total: 1, page: 1, pageSize: 200 })), remove: vi.fn(() => of(undefined)) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: MatDialog, useValue: dialog },
        { provide: TeamsApiService, useValue: api },
        { provide: NotifyService, useValue: notify },
        { provide: AuthService, useValue: { isAdmin: signal(true) } },
      ],
    });
  });

  it('deletes a team without holdings after one confirmation', async () => {
    confirms.push(true);
    await deleteTeam();
    expect(api.remove).toHaveBeenCalledExactlyOnceWith('t1');
    expect(notify.ok).toHaveBeenCalledWith('Team "Research" deleted');
  });

  it('offers a forced delete, saying what it does, when the API refuses because of keys or balance', async () => {
    api.remove.mockReturnValueOnce(throwError(() => refusal));
    confirms.push(true, true);
    await deleteTeam();
    const force = dialog.open.mock.calls[1][1].data;
    expect(force.confirm).toBe('Force delete');
    expect(force.message).toMatch(/^This team has 1 live key and a balance of \$5\. /);
    expect(force.message).not.toContain('?force=true');
    expect(force.message).toContain(FORCE_DELETE_EFFECT);
    expect(api.remove.mock.calls).toEqual([['t1'], ['t1', true]]);
    expect(notify.fail).not.toHaveBeenCalled();
  });

  it('deletes nothing when the forced delete is declined', async () => {
    api.remove.mockReturnValueOnce(throwError(() => refusal));
    confirms.push(true, false);
    await deleteTeam();
    expect(api.remove).toHaveBeenCalledTimes(1);
    expect(notify.ok).not.toHaveBeenCalled();
  });
});
