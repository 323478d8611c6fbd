import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { ExternalToolView } from '@gateway/contracts';
import { of, throwError } from 'rxjs';
import { ToolsApiService } from '../../api/tools-api.service';
import { ConfirmDialogComponent } from '../../components/confirm-dialog/confirm-dialog.component';
import { NotifyService } from '../../core/notify.service';
import { AdminToolsPageComponent } from './admin-tools-page.component';

const grafana: ExternalToolView = {
  id: 't1',
  name: 'Grafana',
  slug: 'grafana',
  url: 'http://127.0.0.1:3001/d/home',
  frameSrc: '/tools/grafana/d/home',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

describe('AdminToolsPageComponent', () => {
  let fixture: ComponentFixture<AdminToolsPageComponent>;
  let api: { list: ReturnType<typeof vi.fn>; create: ReturnType<typeof vi.fn>; update: ReturnType<typeof vi.fn>; remove: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let dialogResults: unknown[];
  let dialog: { open: ReturnType<typeof vi.fn> };

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const field = (name: 'name' | 'slug' | 'url') => el().querySelector(`input[formcontrolname="${name}"]`) as HTMLInputElement;
  const errors = () => [...el().querySelectorAll('mat-error')].map((e) => e.textContent?.trim());

  async function type(name: 'name' | 'slug' | 'url', value: string) {
    field(name).value = value;
    field(name).dispatchEvent(new Event('input'));
    field(name).dispatchEvent(new Event('blur'));
    await fixture.whenStable();
  }

  async function fill(values: { name: string; slug?: string; url: string }) {
    await type('name', values.name);
    if (values.slug !== undefined) await type('slug', values.slug);
    await type('url', values.url);
  }

  async function submit() {
    (el().querySelector('[data-testid="save-tool"]') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    api = {
      list: vi.fn(() => of([grafana])),
      create: vi.fn((body: { name: string; slug: string; url: string }) => of({ ...grafana, id: 't2', ...body, frameSrc: `/tools/${body.slug}/` })),
      update: vi.fn((id: string, body: object) => of({ ...grafana, ...body })),
      remove: vi.fn(() => of(undefined)),
    };
    notify = { ok: vi.fn(), fail: vi.fn() };
    dialogResults = [];
    dialog = { open: vi.fn(() => ({ afterClosed: () => of(dialogResults.shift()) })) };
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ToolsApiService, useValue: api },
        { provide: NotifyService, useValue: notify },
        { provide: MatDialog, useValue: dialog },
      ],
    });
    fixture = TestBed.createComponent(AdminToolsPageComponent);
    await fixture.whenStable();
  });

  it('lists the registered tools with their address and a link to their frame page', () => {
    const rows = el().querySelectorAll('[data-testid="tool-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0].textContent).toContain('Grafana');
    expect(rows[0].textContent).toContain(grafana.url);
    const links = [...rows[0].querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/admin/tools/grafana', '/admin/tools/grafana']);
    expect(el().querySelector('[data-testid="tools-empty"]')).toBeNull();
  });

  it('suggests the slug from the name until one is typed by hand', async () => {
    await type('name', 'CLI Proxy (local)');
    expect(field('slug').value).toBe('cli-proxy-local');
    expect(el().textContent).toContain('Served at /tools/cli-proxy-local/');
    await type('slug', 'proxy');
    await type('name', 'CLI Proxy (remote)');
    expect(field('slug').value).toBe('proxy');
  });

  it('refuses a bad slug in words and sends nothing', async () => {
    for (const slug of ['Bad_Slug', '-proxy', 'proxy-', 'a'.repeat(41), 'with space']) {
      await fill({ name: 'Proxy', slug, url: 'https://proxy.internal/panel' });
      await submit();
      expect(errors()).toEqual(['Lower-case letters, digits and inner hyphens, up to 40']);
    }
    expect(api.create).not.toHaveBeenCalled();
    expect(api.update).not.toHaveBeenCalled();
  });

  it('refuses an address that is not http(s) in words and sends nothing', async () => {
    for (const url of ['ftp://files.internal/', 'javascript:alert(1)', 'proxy.internal/panel', 'http://']) {
      await fill({ name: 'Proxy', url });
      await submit();
      expect(errors()).toEqual(['An http:// or https:// address']);
    }
    expect(api.create).not.toHaveBeenCalled();
  });

  it('asks for every field of an empty form and sends nothing', async () => {
    await submit();
    expect(errors()).toEqual(['A name is required', 'Lower-case letters, digits and inner hyphens, up to 40', 'An http:// or https:// address']);
    expect(api.create).not.toHaveBeenCalled();
  });

  it('registers a valid tool with exactly its name, slug and address, then reloads and clears the form', async () => {
    await fill({ name: 'CLI Proxy', url: 'http://127.0.0.1:8317/management.html' });
    await submit();
    expect(api.create).toHaveBeenCalledTimes(1);
    expect(api.create.mock.calls[0]).toHaveLength(1);
    expect(api.create.mock.calls[0][0]).toStrictEqual({ name: 'CLI Proxy', slug: 'cli-proxy', url: 'http://127.0.0.1:8317/management.html' });
    expect(notify.ok).toHaveBeenCalledWith('Tool "CLI Proxy" registered');
    expect(api.list).toHaveBeenCalledTimes(2);
    expect([field('name').value, field('slug').value, field('url').value]).toEqual(['', '', '']);
    // The emptied form is a fresh one: no "required" errors after a successful save.
    expect(el().querySelectorAll('mat-error')).toHaveLength(0);
  });

  it('edits a tool in place: prefilled, the slug no longer following the name, saved by id', async () => {
    (el().querySelector('button[aria-label="Edit Grafana"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="tool-form"] h2')?.textContent).toContain('Edit Grafana');
    expect([field('name').value, field('slug').value, field('url').value]).toEqual([grafana.name, grafana.slug, grafana.url]);

    await type('name', 'Grafana Ops');
    expect(field('slug').value).toBe('grafana');
    await submit();
    expect(api.update).toHaveBeenCalledWith('t1', { name: 'Grafana Ops', slug: 'grafana', url: grafana.url });
    expect(api.create).not.toHaveBeenCalled();
    expect(notify.ok).toHaveBeenCalledWith('Tool "Grafana Ops" saved');
    expect(el().querySelector('[data-testid="tool-form"] h2')?.textContent).toContain('Register a tool');
  });

  it("shows the server's refusal under the field it names", async () => {
    api.create.mockReturnValue(throwError(() => new HttpErrorResponse({ status: 400, error: { statusCode: 400, message: ['slug is already taken by another tool'] } })));
    await fill({ name: 'Grafana', url: 'https://grafana.internal/' });
    await submit();
    expect(errors()).toEqual(['Slug is already taken by another tool']);
    expect(notify.fail).not.toHaveBeenCalled();
    expect(field('name').value).toBe('Grafana');
  });

  it('removes a tool only after confirmation', async () => {
    const remove = () => (el().querySelector('button[aria-label="Remove Grafana"]') as HTMLButtonElement).click();
    dialogResults.push(false);
    remove();
    await fixture.whenStable();
    expect(dialog.open.mock.calls[0][0]).toBe(ConfirmDialogComponent);
    expect(dialog.open.mock.calls[0][1].data.message).toContain('/tools/grafana/');
    expect(api.remove).not.toHaveBeenCalled();

    dialogResults.push(true);
    api.list.mockReturnValue(of([]));
    remove();
    await fixture.whenStable();
    expect(api.remove).toHaveBeenCalledWith('t1');
    expect(notify.ok).toHaveBeenCalledWith('Tool "Grafana" removed');
    expect(el().querySelector('[data-testid="tool-row"]')).toBeNull();
    expect(el().querySelector('[data-testid="tools-empty"]')?.textContent).toContain('No tools yet');
  });
});
