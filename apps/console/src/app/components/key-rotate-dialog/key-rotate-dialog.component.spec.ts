import { HttpErrorResponse } from '@angular/common/http';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { MatSelectHarness } from '@angular/material/select/testing';
import type { CreatedKeyView } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { GRACE_PERIODS, KeyRotateDialogComponent } from './key-rotate-dialog.component';
import { keyView } from '../../testing/views';

const key = keyView({ prefix: 'gw-AbCdEfG' });
const created: CreatedKeyView = { ...key, prefix: 'gw-ZyXwVuT', previousKeyExpiresAt: '2025-01-01T01:00:00Z', key: 'gw-ZyXwVuT-the-new-secret' };

describe('KeyRotateDialogComponent', () => {
  let fixture: ComponentFixture<KeyRotateDialogComponent>;
  let keysApi: { rotate: ReturnType<typeof vi.fn> };
  let dialogRef: { close: ReturnType<typeof vi.fn> };
  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const confirm = () => el().querySelector('[data-testid="rotate-confirm"]') as HTMLButtonElement;

  beforeEach(async () => {
    keysApi = { rotate: vi.fn(() => of(created)) };
    dialogRef = { close: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: key },
        { provide: MatDialogRef, useValue: dialogRef },
        { provide: KeysApiService, useValue: keysApi },
      ],
    });
    fixture = TestBed.createComponent(KeyRotateDialogComponent);
    await fixture.whenStable();
  });

  async function graceSelect(): Promise<MatSelectHarness> {
    return TestbedHarnessEnvironment.loader(fixture).getHarness(MatSelectHarness.with({ selector: '[data-testid="rotate-grace"]' }));
  }

  async function rotate() {
    confirm().click();
    await fixture.whenStable();
  }

  it('names the key and the secret it replaces', () => {
    expect(el().querySelector('h2')?.textContent).toContain('Rotate ci key?');
    expect(el().textContent).toContain('gw-AbCdEfG…');
  });

  it('offers every grace period, refusing the old secret at once by default', async () => {
    const select = await graceSelect();
    expect(await select.getValueText()).toBe('Refuse it at once');
    await select.open();
    const labels = await Promise.all((await select.getOptions()).map((o) => o.getText()));
    expect(labels).toEqual(GRACE_PERIODS.map((g) => (g.seconds ? `Keeps working for ${g.label}` : g.label)));
  });

  it('sends 0 seconds for "Refuse it at once" and closes with the new secret', async () => {
    await rotate();
    expect(keysApi.rotate).toHaveBeenCalledExactlyOnceWith('k1', 0);
    expect(dialogRef.close).toHaveBeenCalledWith(created);
  });

  it.each([
    ['Keeps working for 5 minutes', 300],
    ['Keeps working for 1 hour', 3600],
    ['Keeps working for 24 hours', 86_400],
    ['Keeps working for 7 days', 604_800],
  ])('sends "%s" as %i seconds', async (label, seconds) => {
    const select = await graceSelect();
    await select.open();
    await select.clickOptions({ text: label });
    expect(await select.getValueText()).toBe(label);
    await rotate();
    expect(keysApi.rotate).toHaveBeenCalledExactlyOnceWith('k1', seconds);
    expect(dialogRef.close).toHaveBeenCalledWith(created);
  });

  it('cannot be sent twice while the rotation is on its way', async () => {
    const answer = new Subject<CreatedKeyView>();
    keysApi.rotate.mockReturnValue(answer);
    await rotate();
    expect(confirm().disabled).toBe(true);
    expect(dialogRef.close).not.toHaveBeenCalled();
    answer.next(created);
    expect(dialogRef.close).toHaveBeenCalledWith(created);
  });

  it('shows a refusal in words, stays open and lets the user try again', async () => {
    const refusal = { statusCode: 409, error: 'Conflict', message: 'A revoked key cannot be rotated' };
    keysApi.rotate.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 409, error: refusal })));
    await rotate();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('A revoked key cannot be rotated');
    expect(dialogRef.close).not.toHaveBeenCalled();
    expect(confirm().disabled).toBe(false);

    keysApi.rotate.mockReturnValue(of(created));
    await rotate();
    expect(dialogRef.close).toHaveBeenCalledWith(created);
  });

  it('says so when the server cannot be reached', async () => {
    keysApi.rotate.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 0 })));
    await rotate();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Cannot reach the server');
  });
});
