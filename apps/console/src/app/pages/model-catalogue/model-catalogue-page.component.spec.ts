import { Clipboard } from '@angular/cdk/clipboard';
import { HttpErrorResponse } from '@angular/common/http';
import { signal, type WritableSignal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ModelView, UserView } from '@gateway/contracts';
import { of, Subject, throwError } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { ModelCataloguePageComponent } from './model-catalogue-page.component';
import { modelView } from '../../testing/views';

const model = modelView;

const catalogue = [
  model({ name: 'sonnet', description: 'Balanced Claude model', tiers: ['pro', 'enterprise'], cacheReadPriceUsdPerMTok: 0.3, cacheWritePriceUsdPerMTok: 3.75, longContextThresholdTokens: 200_000, longContextInputPriceUsdPerMTok: 6, longContextOutputPriceUsdPerMTok: 22.5 }),
  model({ name: 'haiku-mini', description: 'Fast and cheap', inputPriceUsdPerMTok: 0.075, outputPriceUsdPerMTok: 0.3 }),
  model({ name: 'opus-enterprise', tiers: ['enterprise'] }),
  model({ name: 'retired', enabled: false }),
];

const signedIn = (tier: UserView['tier']) => ({ id: 'u1', email: 'ann@example.com', name: null, role: 'user', tier, active: true, createdAt: '2026-01-01T00:00:00Z' }) as UserView;

describe('ModelCataloguePageComponent', () => {
  let fixture: ComponentFixture<ModelCataloguePageComponent>;
  let models: { list: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let clipboard: { copy: ReturnType<typeof vi.fn> };
  let user: WritableSignal<UserView | null>;

  const el = () => fixture.nativeElement as HTMLElement;
  const names = () => [...el().querySelectorAll('[data-testid="catalogue-name"]')].map((n) => n.textContent?.trim());
  const card = (name: string) => [...el().querySelectorAll('[data-testid="catalogue-model"]')].find((c) => c.querySelector('h2')?.textContent?.trim() === name) as HTMLElement;
  /** A price's parts as read (the figure, the unit, the fallback), one space apart. */
  /** A price as it reads on screen (the page's own spacing, collapsed). */
  const price = (c: HTMLElement, label: string) => c.querySelector(`[data-testid="price-${label}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  beforeEach(() => {
    models = { list: vi.fn(() => of(catalogue)) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    clipboard = { copy: vi.fn(() => true) };
    user = signal<UserView | null>(signedIn('pro'));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ModelsApiService, useValue: models },
        { provide: NotifyService, useValue: notify },
        { provide: Clipboard, useValue: clipboard },
        { provide: AuthService, useValue: { user } },
      ],
    });
  });

  afterEach(() => vi.unstubAllGlobals());

  async function render() {
    fixture = TestBed.createComponent(ModelCataloguePageComponent);
    await fixture.whenStable();
  }

  async function search(term: string) {
    const input = el().querySelector('[data-testid="catalogue-search"]') as HTMLInputElement;
    input.value = term;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it("lists only the enabled models the user's tier may use, by name", async () => {
    await render();
    expect(el().textContent).toContain('The models your tier (pro) may use');
    expect(names()).toEqual(['haiku-mini', 'sonnet']);

    user.set(signedIn('enterprise'));
    await fixture.whenStable();
    expect(names()).toEqual(['haiku-mini', 'opus-enterprise', 'sonnet']);
  });

  it('prices every kind of token per MTok, naming the price a missing one falls back to', async () => {
    await render();
    const sonnet = card('sonnet');
    expect(price(sonnet, 'Input')).toBe('$3.00 / MTok');
    expect(price(sonnet, 'Output')).toBe('$15.00 / MTok');
    expect(price(sonnet, 'Cache read')).toBe('$0.30 / MTok');
    expect(price(sonnet, 'Cache write (5 min)')).toBe('$3.75 / MTok');
    expect(price(sonnet, 'Cache write (1 h)')).toBe('$3.75 / MTok (as 5-min cache write)');

    const haiku = card('haiku-mini');
    expect(price(haiku, 'Input')).toBe('$0.075 / MTok');
    expect(price(haiku, 'Output')).toBe('$0.30 / MTok');
    expect(price(haiku, 'Cache read')).toBe('$0.075 / MTok (as input)');
  });

  it('says when a long context costs more, and says nothing for a model without such prices', async () => {
    await render();
    expect(card('sonnet').querySelector('[data-testid="long-context"]')?.textContent?.trim()).toBe(
      'Above 200,000 input tokens the whole request costs $6.00 in / $22.50 out per MTok',
    );
    expect(card('haiku-mini').querySelector('[data-testid="long-context"]')).toBeNull();
  });

  it('finds models by name or description, ignoring case and spaces around the term', async () => {
    await render();
    await search('  SON ');
    expect(names()).toEqual(['sonnet']);
    await search('cheap');
    expect(names()).toEqual(['haiku-mini']);
    await search('opus');
    expect(names()).toEqual([]);
    expect(el().querySelector('[data-testid="catalogue-empty"]')?.textContent?.trim()).toBe('No model matches.');
    await search('');
    expect(names()).toEqual(['haiku-mini', 'sonnet']);
  });

  it('tells a user whose tier may use nothing to ask an admin', async () => {
    user.set(signedIn('free'));
    models.list.mockReturnValue(of([catalogue[0], catalogue[2]]));
    await render();
    expect(names()).toEqual([]);
    expect(el().querySelector('[data-testid="catalogue-empty"]')?.textContent?.trim()).toBe('No models are open to your tier yet: ask an admin.');
  });

  it('shows progress while loading, and no empty message before the list has come', async () => {
    const pending = new Subject<ModelView[]>();
    models.list.mockReturnValue(pending);
    await render();
    expect(el().querySelector('mat-progress-bar')).not.toBeNull();
    expect(el().querySelector('[data-testid="catalogue-empty"]')).toBeNull();
    pending.next(catalogue);
    await fixture.whenStable();
    expect(el().querySelector('mat-progress-bar')).toBeNull();
    expect(names()).toEqual(['haiku-mini', 'sonnet']);
  });

  it('says in words why the models could not be loaded', async () => {
    const down = new HttpErrorResponse({ status: 503, error: { statusCode: 503, message: 'Database unavailable' } });
    models.list.mockReturnValue(throwError(() => down));
    await render();
    expect(notify.fail).toHaveBeenCalledWith(down, 'Could not load models');
    expect(el().querySelector('mat-progress-bar')).toBeNull();
    // Not also "no models are open to your tier", which would be untrue.
    expect(el().querySelector('[data-testid="catalogue-failed"]')?.textContent).toContain('could not be loaded');
    expect(el().querySelector('[data-testid="catalogue-empty"]')).toBeNull();
  });

  it('copies a model name and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await render();
    (card('sonnet').querySelector('button[aria-label="Copy sonnet"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledWith('sonnet');
    expect(notify.ok).toHaveBeenCalledWith('Copied "sonnet"');
  });

  it('says how to copy by hand when the browser refuses', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn(() => Promise.reject(new Error('denied'))) } });
    clipboard.copy.mockReturnValue(false);
    await render();
    (card('haiku-mini').querySelector('button[aria-label="Copy haiku-mini"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(clipboard.copy).toHaveBeenCalledWith('haiku-mini');
    expect(notify.ok).not.toHaveBeenCalled();
    expect(notify.fail).toHaveBeenCalledWith('Could not copy: select the name and copy it by hand');
  });

  it('links each model to the playground and to code, with its name', async () => {
    await render();
    const hrefs = [...card('sonnet').querySelectorAll('footer a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['/playground?model=sonnet', '/quick-start?model=sonnet']);
  });
});
