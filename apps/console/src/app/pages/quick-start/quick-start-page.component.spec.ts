import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ModelView, Tier, UserView } from '@gateway/contracts';
import { Observable, of, Subject, throwError } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { AuthService } from '../../core/auth.service';
import { NotifyService } from '../../core/notify.service';
import { QuickStartPageComponent } from './quick-start-page.component';
import { modelView } from '../../testing/views';

const model = (name: string, tiers: Tier[] = [], enabled = true): ModelView =>
  modelView({ id: `id-${name}`, name, inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2, tiers, enabled });

// For a free-tier user: usable are "beta" and "zeta" (sorted by name); "alpha" is pro-only, "gamma" disabled.
const catalogue = [model('zeta', ['free', 'pro']), model('alpha', ['pro']), model('beta'), model('gamma', [], false)];

describe('QuickStartPageComponent', () => {
  let fixture: ComponentFixture<QuickStartPageComponent>;
  const origin = window.location.origin;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const groups = () => [...el().querySelectorAll('gw-code-snippets')] as HTMLElement[];
  const code = (group: HTMLElement) => group.querySelector('[data-testid="snippet-code"]')?.textContent ?? '';

  /** The code of every tab of a snippet group, by tab id. */
  async function allTabs(group: HTMLElement): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const tab of [...group.querySelectorAll('mat-button-toggle')]) {
      (tab.querySelector('button') as HTMLButtonElement).click();
      await fixture.whenStable();
      out[tab.getAttribute('data-testid')!.replace('snippet-tab-', '')] = code(group);
    }
    return out;
  }

  async function render(list: Observable<ModelView[]>, opts: { tier?: Tier; requested?: string } = {}) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: ModelsApiService, useValue: { list: vi.fn(() => list) } },
        { provide: AuthService, useValue: { user: signal({ tier: opts.tier ?? 'free' } as UserView) } },
        { provide: NotifyService, useValue: { ok: vi.fn(), fail: vi.fn() } },
      ],
    });
    fixture = TestBed.createComponent(QuickStartPageComponent);
    if (opts.requested) fixture.componentRef.setInput('model', opts.requested);
    await fixture.whenStable();
  }

  async function chooseModel(name: string) {
    (el().querySelector('[data-testid="quick-start-model"] .mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === name) as HTMLElement;
    option.click();
    await fixture.whenStable();
  }

  it("shows the gateway's real base URLs", async () => {
    await render(of(catalogue));
    expect(el().querySelector('[data-testid="openai-base-url"]')?.textContent?.trim()).toBe(`${origin}/v1`);
    expect(el().querySelector('[data-testid="anthropic-base-url"]')?.textContent?.trim()).toBe(origin);
  });

  it('shows no call until the models arrive, then one for the first usable model', async () => {
    const models = new Subject<ModelView[]>();
    await render(models);
    expect(el().querySelector('[data-testid="quick-start-loading"]')).not.toBeNull();
    expect(el().querySelector('[data-testid="snippet-code"]')).toBeNull();

    models.next(catalogue);
    models.complete();
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="quick-start-loading"]')).toBeNull();
    const curl = code(groups()[0]);
    expect(curl).toContain(`curl ${origin}/v1/chat/completions`);
    expect(curl).toContain('-H "Authorization: Bearer $LLM_GATEWAY_KEY"');
    expect(curl).toContain('"model": "beta"');
    expect(el().querySelector('[data-testid="quick-start-model"]')?.textContent).toContain('beta');
  });

  it('points every SDK snippet at this origin with the chosen model, and no other host', async () => {
    await render(of(catalogue));
    const calls = await allTabs(groups()[0]);
    expect(Object.keys(calls)).toEqual(['curl', 'openai-python', 'openai-node', 'anthropic-python', 'anthropic-node']);
    expect(calls['openai-python']).toContain(`OpenAI(base_url="${origin}/v1", api_key=os.environ["LLM_GATEWAY_KEY"])`);
    expect(calls['openai-python']).toContain('model="beta"');
    expect(calls['openai-node']).toContain(`baseURL: '${origin}/v1'`);
    expect(calls['openai-node']).toContain('"model": "beta"');
    expect(calls['anthropic-python']).toContain(`anthropic.Anthropic(base_url="${origin}", api_key=`);
    expect(calls['anthropic-python']).toContain('model="beta"');
    expect(calls['anthropic-node']).toContain(`baseURL: '${origin}'`);
    expect(calls['anthropic-node']).toContain('"model": "beta"');
    for (const text of Object.values(calls)) {
      const urls = text.match(/https?:\/\/[^\s"'`]+/g) ?? [];
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.startsWith(origin)).toBe(true);
    }
  });

  it('configures Claude Code and Codex CLI for this gateway and the model', async () => {
    await render(of(catalogue));
    const agents = await allTabs(groups()[1]);
    expect(agents['claude-code']).toContain(`export ANTHROPIC_BASE_URL=${origin}\n`);
    expect(agents['claude-code']).toContain('export ANTHROPIC_AUTH_TOKEN=$LLM_GATEWAY_KEY');
    expect(agents['claude-code']).toContain('export ANTHROPIC_MODEL=beta');
    expect(agents['codex']).toContain('model = "beta"');
    expect(agents['codex']).toContain(`base_url = "${origin}/v1"`);
    expect(agents['codex']).toContain('wire_api = "responses"');
  });

  it('rewrites the call and the agent settings for the model picked', async () => {
    await render(of(catalogue));
    const options = async () => {
      (el().querySelector('[data-testid="quick-start-model"] .mat-mdc-select-trigger') as HTMLElement).click();
      await fixture.whenStable();
      const names = [...document.querySelectorAll('mat-option')].map((o) => o.textContent?.trim());
      (document.querySelector('mat-option') as HTMLElement).click();
      await fixture.whenStable();
      return names;
    };
    expect(await options()).toEqual(['beta', 'zeta']);

    await chooseModel('zeta');
    expect(code(groups()[0])).toContain('"model": "zeta"');
    expect(code(groups()[0])).not.toContain('"model": "beta"');
    expect(code(groups()[1])).toContain('export ANTHROPIC_MODEL=zeta');
  });

  it('starts from the ?model= asked for when the user may call it', async () => {
    await render(of(catalogue), { requested: 'zeta' });
    expect(code(groups()[0])).toContain('"model": "zeta"');
    expect(code(groups()[1])).toContain('export ANTHROPIC_MODEL=zeta');
  });

  it('ignores a ?model= outside the user’s tier', async () => {
    await render(of(catalogue), { requested: 'alpha' });
    expect(code(groups()[0])).toContain('"model": "beta"');
    expect(el().textContent).not.toContain('alpha');
  });

  it('offers a pro user the pro-only model too', async () => {
    await render(of(catalogue), { tier: 'pro', requested: 'alpha' });
    expect(code(groups()[0])).toContain('"model": "alpha"');
  });

  it('says so when no model is open to the tier, also when the list fails', async () => {
    await render(of([model('alpha', ['pro'])]));
    expect(el().textContent).toContain('No models are open to your tier yet');
    TestBed.resetTestingModule();
    await render(throwError(() => new Error('offline')));
    expect(el().textContent).toContain('No models are open to your tier yet');
    expect(el().querySelector('[data-testid="quick-start-loading"]')).toBeNull();
  });
});
