import { HttpErrorResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ExternalToolView, ToolSessionView } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { ToolsApiService } from '../../api/tools-api.service';
import { ToolFramePageComponent } from './tool-frame-page.component';

function tool(slug: string, frameSrc = `/tools/${slug}/management.html?tab=1`): ExternalToolView {
  return {
    id: `id-${slug}`,
    name: `Tool ${slug}`,
    slug,
    url: `http://127.0.0.1:8317/management.html?tab=1`,
    frameSrc,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
  };
}

const session: ToolSessionView = { expiresAt: '2025-01-01T01:00:00Z' };

describe('ToolFramePageComponent', () => {
  let fixture: ComponentFixture<ToolFramePageComponent>;
  let api: { list: ReturnType<typeof vi.fn>; session: ReturnType<typeof vi.fn> };

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const frame = () => el().querySelector('[data-testid="tool-frame"]') as HTMLIFrameElement | null;

  async function render(slug: string) {
    fixture = TestBed.createComponent(ToolFramePageComponent);
    fixture.componentRef.setInput('slug', slug);
    await fixture.whenStable();
  }

  beforeEach(() => {
    api = { list: vi.fn(() => of([tool('grafana'), tool('proxy')])), session: vi.fn(() => of(session)) };
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: ToolsApiService, useValue: api }] });
  });

  afterEach(() => vi.useRealTimers());

  it("frames the tool's page at /tools/<slug>/ on this origin, named after the tool", async () => {
    await render('proxy');
    const iframe = frame()!;
    expect(iframe).not.toBeNull();
    expect(iframe.getAttribute('src')).toBe('/tools/proxy/management.html?tab=1');
    const url = new URL(iframe.src);
    expect(url.origin).toBe(window.location.origin);
    expect(url.pathname.startsWith('/tools/proxy/')).toBe(true);
    expect(iframe.title).toBe('Tool proxy');
    expect(el().querySelector('h1')?.textContent).toContain('Tool proxy');
    expect(el().textContent).toContain('http://127.0.0.1:8317/management.html?tab=1');
    expect(el().querySelector('a[target="_blank"]')?.getAttribute('href')).toBe('/tools/proxy/management.html?tab=1');
    expect(el().querySelector('[data-testid="tool-error"]')).toBeNull();
  });

  it('opens the frame only once the tools session is granted', async () => {
    const granted = new Subject<ToolSessionView>();
    api.session.mockReturnValue(granted);
    await render('grafana');
    expect(api.session).toHaveBeenCalledTimes(1);
    expect(frame()).toBeNull();
    expect(el().querySelector('mat-progress-bar')).not.toBeNull();

    granted.next(session);
    granted.complete();
    await fixture.whenStable();
    expect(frame()?.getAttribute('src')).toBe('/tools/grafana/management.html?tab=1');
  });

  it('frames nothing that is not a same-origin /tools/ path', async () => {
    for (const frameSrc of ['https://evil.example/tools/grafana/', '//evil.example/tools/grafana/', 'javascript:alert(1)', '/api/v1/admin/users']) {
      api.list.mockReturnValue(of([tool('grafana', frameSrc)]));
      await render('grafana');
      expect(frame()).toBeNull();
      fixture.destroy();
    }
  });

  it('says so in words when no tool has the slug', async () => {
    await render('missing');
    expect(el().querySelector('[data-testid="tool-error"]')?.textContent).toContain('No tool is registered as "missing".');
    expect(el().querySelector('[data-testid="tool-error"]')?.getAttribute('role')).toBe('alert');
    expect(frame()).toBeNull();
  });

  it('says why the tool cannot be opened when the session is refused', async () => {
    const refusal = new HttpErrorResponse({ status: 403, error: { statusCode: 403, error: 'Forbidden', message: 'Admins only' } });
    api.session.mockReturnValue(throwError(() => refusal));
    await render('grafana');
    expect(el().querySelector('[data-testid="tool-error"]')?.textContent).toContain('Could not open the tool: Admins only');
    expect(frame()).toBeNull();
  });

  it('renews the tools session every 30 minutes while open, and stops once left', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await render('grafana');
    expect(api.session).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(29 * 60_000);
    expect(api.session).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(api.session).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(30 * 60_000);
    expect(api.session).toHaveBeenCalledTimes(3);
    expect(frame()).not.toBeNull();

    fixture.destroy();
    vi.advanceTimersByTime(60 * 60_000);
    expect(api.session).toHaveBeenCalledTimes(3);
  });

  it('keeps renewing after one renewal fails', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await render('grafana');
    api.session.mockReturnValueOnce(throwError(() => new HttpErrorResponse({ status: 0 })));
    vi.advanceTimersByTime(30 * 60_000);
    vi.advanceTimersByTime(30 * 60_000);
    expect(api.session).toHaveBeenCalledTimes(3);
    expect(frame()).not.toBeNull();
  });

  it('forgets the last tool and its error when only the slug changes', async () => {
    await render('missing');
    expect(el().querySelector('[data-testid="tool-error"]')).not.toBeNull();
    fixture.componentRef.setInput('slug', 'proxy');
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="tool-error"]')).toBeNull();
    expect(frame()?.getAttribute('src')).toBe('/tools/proxy/management.html?tab=1');

    api.session.mockReturnValueOnce(throwError(() => new HttpErrorResponse({ status: 403, error: { message: 'Admins only' } })));
    fixture.componentRef.setInput('slug', 'grafana');
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="tool-error"]')?.textContent).toContain('Admins only');
    expect(frame()).toBeNull();
    fixture.componentRef.setInput('slug', 'proxy');
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="tool-error"]')).toBeNull();
    expect(frame()).not.toBeNull();
  });
});
