import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { ModelView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { KeyFormDialogComponent, KeyFormDialogData } from './key-form-dialog.component';
import { keyView } from '../../testing/views';

const model = (name: string, enabled = true) => ({ name, enabled }) as ModelView;

const key = keyView({
  userId: 'someone-else',
  teamId: 't1',
  name: 'member key',
  models: ['held'],
  rpm: 60,
  expiresAt: '2027-01-31T23:59:59.999Z',
  allowedOrigins: ['https://app.example'],
  createdAt: '2026-01-01T00:00:00Z',
});

describe('KeyFormDialogComponent', () => {
  let fixture: ComponentFixture<KeyFormDialogComponent>;
  let keysApi: Record<'models' | 'create' | 'update', ReturnType<typeof vi.fn>>;
  let modelsApi: { usable: ReturnType<typeof vi.fn> };
  let dialogRef: { close: ReturnType<typeof vi.fn> };
  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const offered = () => (fixture.componentInstance as unknown as { models: () => string[] | undefined }).models();

  async function render(data: KeyFormDialogData | null, modelsFail = false) {
    const held = of([model('held'), model('other'), model('off', false)]);
    keysApi = {
      models: vi.fn(() => (modelsFail ? throwError(() => new HttpErrorResponse({ status: 500 })) : held)),
      create: vi.fn(() => of({ ...key, key: 'gw-secret' })),
      update: vi.fn(() => of(key)),
    };
    modelsApi = { usable: vi.fn(() => of([model('mine'), model('team-one'), model('off', false)])) };
    dialogRef = { close: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: dialogRef },
        { provide: KeysApiService, useValue: keysApi },
        { provide: ModelsApiService, useValue: modelsApi },
      ],
    });
    fixture = TestBed.createComponent(KeyFormDialogComponent);
    await fixture.whenStable();
  }

  async function submit() {
    (el().querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  it("offers a new key the caller's enabled models", async () => {
    await render(null);
    expect(offered()).toEqual(['mine', 'team-one']);
    expect(keysApi.models).not.toHaveBeenCalled();
    expect(el().textContent).toContain('every model your tier may use');
  });

  it("narrows a new team key to the team's allow-list", async () => {
    await render({ team: { id: 't1', name: 'Core', allowedModels: ['team-one'] } });
    expect(offered()).toEqual(['team-one']);
    expect(el().textContent).toContain('Create a key for Core');
  });

  it("offers an edited key its holder's models, not the editor's, and keeps the key's fields", async () => {
    await render({ key });
    expect(keysApi.models).toHaveBeenCalledWith('k1');
    expect(modelsApi.usable).not.toHaveBeenCalled();
    expect(offered()).toEqual(['held', 'other']);
    expect(el().textContent).toContain('every model its holder may use');
    expect((el().querySelector('input[formcontrolname="name"]') as HTMLInputElement).value).toBe('member key');
    expect((el().querySelector('input[formcontrolname="expiresAt"]') as HTMLInputElement).value).toBe('2027-01-31');
  });

  it('sends the whole form as a PATCH, cleared fields as null', async () => {
    await render({ key });
    const rpm = el().querySelector('input[formcontrolname="rpm"]') as HTMLInputElement;
    rpm.value = '';
    rpm.dispatchEvent(new Event('input'));
    await submit();
    expect(keysApi.update).toHaveBeenCalledWith('k1', {
      name: 'member key',
      models: ['held'],
      budget: null,
      rpm: null,
      tpm: null,
      expiresAt: '2027-01-31T23:59:59.999Z',
      allowedOrigins: ['https://app.example'],
    });
    expect(dialogRef.close).toHaveBeenCalledWith(key);
  });

  it("shows the API's refusal of a model in words and stays open", async () => {
    await render({ key });
    const message = `models: "other" may not be used by the key's user (tier free)`;
    keysApi.update.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 400, error: { statusCode: 400, message: [message] } })));
    await submit();
    expect(el().textContent).toContain('may not be used by the key');
    expect(dialogRef.close).not.toHaveBeenCalled();
  });

  it('offers nothing rather than failing when the models cannot be read', async () => {
    await render({ key }, true);
    expect(offered()).toEqual([]);
    expect((el().querySelector('input[formcontrolname="name"]') as HTMLInputElement).value).toBe('member key');
  });
});
