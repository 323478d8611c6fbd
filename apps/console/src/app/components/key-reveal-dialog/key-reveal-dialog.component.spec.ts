import { Clipboard } from '@angular/cdk/clipboard';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { CreatedKeyView } from '@gateway/contracts';
import { of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { KeyRevealDialogComponent } from './key-reveal-dialog.component';
import { keyView } from '../../testing/views';

const created: CreatedKeyView = { ...keyView({ prefix: 'gw-AbCd' }), key: 'gw-AbCdEfGh1234567890secret' };

describe('KeyRevealDialogComponent', () => {
  let fixture: ComponentFixture<KeyRevealDialogComponent>;
  let dialogRef: { close: ReturnType<typeof vi.fn>; disableClose: boolean };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let writeText: ReturnType<typeof vi.fn>;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const button = (testId: string): HTMLButtonElement => el().querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement;

  beforeEach(async () => {
    dialogRef = { close: vi.fn(), disableClose: false };
    notify = { ok: vi.fn(), fail: vi.fn() };
    writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: created },
        { provide: MatDialogRef, useValue: dialogRef },
        { provide: NotifyService, useValue: notify },
        { provide: ModelsApiService, useValue: { list: () => of([]) } },
        { provide: AuthService, useValue: { user: () => ({ tier: 'free' }) } },
      ],
    });
    fixture = TestBed.createComponent(KeyRevealDialogComponent);
    await fixture.whenStable();
  });

  it('shows the plaintext key and cannot be dismissed by accident', () => {
    expect(el().querySelector('[data-testid="plaintext-key"]')?.textContent?.trim()).toBe(created.key);
    expect(el().textContent).toContain('only this once');
    expect(dialogRef.disableClose).toBe(true);
  });

  it('copies the exact key with a real button', async () => {
    const copy = button('copy-key');
    expect(copy.tagName).toBe('BUTTON');
    copy.click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith(created.key);
    expect(notify.ok).toHaveBeenCalled();
    expect(copy.textContent).toContain('Copied');
  });

  it('falls back to the CDK clipboard when the Clipboard API is refused', async () => {
    writeText.mockRejectedValue(new Error('denied'));
    const cdkCopy = vi.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);
    button('copy-key').click();
    await fixture.whenStable();
    expect(cdkCopy).toHaveBeenCalledWith(created.key);
    expect(notify.fail).not.toHaveBeenCalled();
  });

  it('forgets the key when closed', async () => {
    button('key-saved').click();
    await fixture.whenStable();
    expect(dialogRef.close).toHaveBeenCalledTimes(1);
    expect(el().textContent).not.toContain(created.key);
  });

  it('shows ready-to-run calls with the new key and the real address, for the key’s model', async () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: { ...created, models: ['demo'] } },
        { provide: MatDialogRef, useValue: dialogRef },
        { provide: NotifyService, useValue: notify },
        { provide: ModelsApiService, useValue: { list: () => of([]) } },
        { provide: AuthService, useValue: { user: () => ({ tier: 'free' }) } },
      ],
    });
    fixture = TestBed.createComponent(KeyRevealDialogComponent);
    await fixture.whenStable();
    const code = el().querySelector('[data-testid="snippet-code"]')?.textContent ?? '';
    expect(code).toContain(`curl ${window.location.origin}/v1/chat/completions`);
    expect(code).toContain(`Bearer ${created.key}`);
    expect(code).toContain('"model": "demo"');
    button('key-saved').click();
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="snippet-code"]')).toBeNull();
  });
});
