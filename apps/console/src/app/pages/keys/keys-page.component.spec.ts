import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { CreatedKeyView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ConfirmDialogComponent } from '../../components/confirm-dialog/confirm-dialog.component';
import { KeyFormDialogComponent } from '../../components/key-form-dialog/key-form-dialog.component';
import { KeyRevealDialogComponent } from '../../components/key-reveal-dialog/key-reveal-dialog.component';
import { NotifyService } from '../../core/notify.service';
import { TeamScopeService } from '../../core/team-scope.service';
import { KeysPageComponent } from './keys-page.component';
import { keyView, teamView } from '../../testing/views';

const view = keyView();
const created: CreatedKeyView = { ...view, key: 'gw-AbCdEf-the-secret-part' };

describe('KeysPageComponent', () => {
  let dialogResults: unknown[];
  let dialog: { open: ReturnType<typeof vi.fn> };
  let api: { list: ReturnType<typeof vi.fn>; revoke: ReturnType<typeof vi.fn> };

  async function render() {
    const fixture = TestBed.createComponent(KeysPageComponent);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  beforeEach(() => {
    localStorage.clear();
    dialogResults = [];
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(dialogResults.shift()) })) };
    api = { list: vi.fn(() => of([view])), revoke: vi.fn(() => of(undefined)) };
    TestBed.configureTestingModule({
      providers: [
        { provide: MatDialog, useValue: dialog },
        { provide: KeysApiService, useValue: api },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
      ],
    });
  });

  it('reveals a created key in its dialog exactly once and never renders it in the list', async () => {
    const { fixture, el } = await render();
    dialogResults.push(created, undefined);
    (el.querySelector('[data-testid="create-key"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    expect(dialog.open).toHaveBeenCalledTimes(2);
    expect(dialog.open.mock.calls[0][0]).toBe(KeyFormDialogComponent);
    expect(dialog.open.mock.calls[1][0]).toBe(KeyRevealDialogComponent);
    expect(dialog.open.mock.calls[1][1].data.key).toBe(created.key);
    expect(api.list).toHaveBeenCalledTimes(2);
    expect(el.textContent).toContain('ci key');
    expect(el.textContent).not.toContain(created.key);
  });

  it('does not reveal anything when the form is cancelled', async () => {
    const { fixture, el } = await render();
    dialogResults.push(undefined);
    (el.querySelector('[data-testid="create-key"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(dialog.open).toHaveBeenCalledTimes(1);
  });

  it('says until when the replaced secret works after a rotation with grace, and nothing once it has ended', async () => {
    const soon = new Date(Date.now() + 5 * 60_000).toISOString();
    api.list.mockReturnValue(of([{ ...view, previousKeyExpiresAt: soon }, { ...view, id: 'k2', name: 'ended', previousKeyExpiresAt: '2025-01-02T00:00:00Z' }]));
    const { el } = await render();
    const notes = el.querySelectorAll('[data-testid="key-grace"]');
    expect(notes).toHaveLength(1);
    expect(notes[0].textContent).toMatch(/^old secret works until \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/);
  });

  it('revokes only after confirmation', async () => {
    const { fixture, el } = await render();
    const revoke = () => (el.querySelector('button.revoke') as HTMLButtonElement).click();

    dialogResults.push(false);
    revoke();
    await fixture.whenStable();
    expect(dialog.open.mock.calls[0][0]).toBe(ConfirmDialogComponent);
    expect(api.revoke).not.toHaveBeenCalled();

    dialogResults.push(true);
    revoke();
    await fixture.whenStable();
    expect(api.revoke).toHaveBeenCalledWith('k1');
  });

  describe('scoped to a team by the toolbar switcher', () => {
    const team = teamView({ allowedModels: ['demo-model'] });

    beforeEach(() => {
      const scope = TestBed.inject(TeamScopeService);
      scope.setTeams([team]);
      scope.select('t1');
    });

    it("lists the team's keys and creates team keys", async () => {
      const { fixture, el } = await render();
      expect(api.list).toHaveBeenCalledWith('t1');
      expect(el.textContent).toContain('Research keys');
      dialogResults.push(undefined);
      (el.querySelector('[data-testid="create-key"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      expect(dialog.open.mock.calls[0][1].data.team).toMatchObject({ id: 't1', name: 'Research', allowedModels: ['demo-model'] });
    });

    it("says why when the caller may not see the team's keys, and offers no create", async () => {
      const refusal = { statusCode: 403, error: 'Forbidden', message: "Only the team's owners or an admin may manage its keys" };
      api.list.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 403, error: refusal })));
      const { el } = await render();
      expect(el.querySelector('[data-testid="keys-refused"]')?.textContent).toContain("Only the team's owners or an admin");
      expect(el.querySelector('[data-testid="create-key"]')).toBeNull();
    });

    it('reloads personal keys when switched back', async () => {
      const { fixture } = await render();
      TestBed.inject(TeamScopeService).select(null);
      await fixture.whenStable();
      expect(api.list).toHaveBeenLastCalledWith(null);
    });
  });
});
