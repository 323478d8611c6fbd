import { Clipboard } from '@angular/cdk/clipboard';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { NotifyService } from '../../core/notify.service';
import type { Snippet } from '../../core/snippets';
import { CodeSnippetsComponent } from './code-snippets.component';

const snippets: Snippet[] = [
  { id: 'curl', label: 'curl', code: 'curl https://gw.test/v1/chat/completions -d \'{"model": "alpha"}\'' },
  { id: 'openai-python', label: 'OpenAI SDK (Python)', code: 'client = OpenAI(base_url="https://gw.test/v1")' },
  { id: 'anthropic-node', label: 'Anthropic SDK (Node)', code: "new Anthropic({ baseURL: 'https://gw.test' })" },
];

describe('CodeSnippetsComponent', () => {
  let fixture: ComponentFixture<CodeSnippetsComponent>;
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  let writeText: ReturnType<typeof vi.fn>;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const shown = (): string => el().querySelector('[data-testid="snippet-code"]')?.textContent ?? '';
  const tab = (id: string): HTMLElement => el().querySelector(`[data-testid="snippet-tab-${id}"]`) as HTMLElement;

  async function pick(id: string) {
    (tab(id).querySelector('button') as HTMLButtonElement).click();
    await fixture.whenStable();
  }

  async function render(list: Snippet[]) {
    fixture = TestBed.createComponent(CodeSnippetsComponent);
    fixture.componentRef.setInput('snippets', list);
    await fixture.whenStable();
  }

  beforeEach(() => {
    notify = { ok: vi.fn(), fail: vi.fn() };
    writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    TestBed.configureTestingModule({ providers: [{ provide: NotifyService, useValue: notify }] });
  });

  it('offers one tab per snippet, named by its label, and shows the first one', async () => {
    await render(snippets);
    const tabs = [...el().querySelectorAll('mat-button-toggle')];
    expect(tabs.map((t) => t.textContent?.trim())).toEqual(snippets.map((s) => s.label));
    expect(el().querySelectorAll('[data-testid="snippet-code"]')).toHaveLength(1);
    expect(shown()).toBe(snippets[0].code);
    expect(tab('curl').classList).toContain('mat-button-toggle-checked');
    expect(tab('openai-python').classList).not.toContain('mat-button-toggle-checked');
  });

  it("shows the chosen tab's code, and only that", async () => {
    await render(snippets);
    for (const s of [snippets[2], snippets[1], snippets[0]]) {
      await pick(s.id);
      expect(shown()).toBe(s.code);
      expect(el().querySelectorAll('[data-testid="snippet-code"]')).toHaveLength(1);
      expect(el().querySelectorAll('.mat-button-toggle-checked')).toHaveLength(1);
      expect(tab(s.id).classList).toContain('mat-button-toggle-checked');
    }
  });

  it('copies exactly the code on show and says which snippet was copied', async () => {
    await render(snippets);
    await pick('openai-python');
    (el().querySelector('[data-testid="copy-snippet"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(writeText).toHaveBeenCalledExactlyOnceWith(snippets[1].code);
    expect(notify.ok).toHaveBeenCalledWith('OpenAI SDK (Python) snippet copied');
    expect(notify.fail).not.toHaveBeenCalled();
  });

  it('falls back to the CDK clipboard, and says so in words when nothing could copy', async () => {
    await render(snippets);
    writeText.mockRejectedValue(new Error('denied'));
    const cdkCopy = vi.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);
    const copy = el().querySelector('[data-testid="copy-snippet"]') as HTMLButtonElement;
    copy.click();
    await fixture.whenStable();
    expect(cdkCopy).toHaveBeenCalledWith(snippets[0].code);
    expect(notify.ok).toHaveBeenCalledWith('curl snippet copied');

    cdkCopy.mockReturnValue(false);
    copy.click();
    await fixture.whenStable();
    expect(notify.fail).toHaveBeenCalledWith('Could not copy: select the text and copy it by hand');
    expect(notify.ok).toHaveBeenCalledTimes(1);
  });

  it('keeps the chosen tab when the snippets are rebuilt, and falls back to the first when it is gone', async () => {
    await render(snippets);
    await pick('anthropic-node');
    const rebuilt = snippets.map((s) => ({ ...s, code: s.code.replace('alpha', 'beta').replace('gw.test', 'gw2.test') }));
    fixture.componentRef.setInput('snippets', rebuilt);
    await fixture.whenStable();
    expect(shown()).toBe(rebuilt[2].code);

    fixture.componentRef.setInput('snippets', rebuilt.slice(0, 2));
    await fixture.whenStable();
    expect(shown()).toBe(rebuilt[0].code);
  });

  it('shows no code and no copy button without snippets', async () => {
    await render([]);
    expect(el().querySelector('[data-testid="snippet-code"]')).toBeNull();
    expect(el().querySelector('[data-testid="copy-snippet"]')).toBeNull();
  });
});
