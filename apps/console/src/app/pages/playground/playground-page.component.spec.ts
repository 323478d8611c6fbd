import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import type { ModelView } from '@gateway/contracts';
import { Observable, of, Subject } from 'rxjs';
import { GatewayApiService } from '../../api/gateway-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { AuthorizedFetchService } from '../../core/authorized-fetch.service';
import { NotifyService } from '../../core/notify.service';
import type { Snippet } from '../../core/snippets';
import { formatCount, formatMoney } from '../../format';
import { PlaygroundCodeDialogComponent } from './playground-code-dialog.component';
import { PlaygroundPageComponent } from './playground-page.component';

const price = { name: 'model-a', inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 } as ModelView;

/** A streamed reply: one SSE `data:` line per event, as the gateway sends them. */
function sse(events: unknown[], done = true): Response {
  const lines = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).concat(done ? ['data: [DONE]\n\n'] : []);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(new TextEncoder().encode(line));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

const openaiReply = (text: string, usage = { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 }) =>
  sse([{ choices: [{ delta: { content: text.slice(0, 2) } }] }, { choices: [{ delta: { content: text.slice(2) } }] }, { choices: [], usage }]);

describe('PlaygroundPageComponent', () => {
  let fixture: ComponentFixture<PlaygroundPageComponent>;
  let fetch: ReturnType<typeof vi.fn>;
  let replies: Response[];
  let dialog: { open: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };
  const origin = window.location.origin;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byId = <T extends HTMLElement>(id: string) => el().querySelector(`[data-testid="${id}"]`) as T;
  const texts = (id: string) => [...el().querySelectorAll(`[data-testid="${id}"]`)].map((n) => n.textContent?.trim());
  const sent = (i: number) => ({ url: fetch.mock.calls[i][0] as string, init: fetch.mock.calls[i][1] as RequestInit, body: JSON.parse(fetch.mock.calls[i][1].body) });

  async function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
    field.value = value;
    field.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function choose(selectId: string, label: string) {
    (byId(selectId).querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    ([...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === label) as HTMLElement).click();
    await fixture.whenStable();
  }

  /** Types a message, sends it and waits until the reply has streamed in. */
  async function send(text: string, reply: Response) {
    replies.push(reply);
    await type(byId('prompt'), text);
    byId<HTMLButtonElement>('send').click();
    await fixture.whenStable();
    await vi.waitFor(() => expect(el().querySelector('mat-progress-bar')).toBeNull());
    await fixture.whenStable();
  }

  async function render(models: Observable<string[]> = of(['model-a', 'model-b']), requested?: string) {
    vi.spyOn(TestBed.inject(GatewayApiService), 'models').mockReturnValue(models);
    fixture = TestBed.createComponent(PlaygroundPageComponent);
    if (requested) fixture.componentRef.setInput('model', requested);
    await fixture.whenStable();
  }

  beforeEach(() => {
    replies = [];
    fetch = vi.fn(async () => replies.shift()!);
    dialog = { open: vi.fn() };
    notify = { ok: vi.fn(), fail: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: AuthorizedFetchService, useValue: { fetch } },
        { provide: ModelsApiService, useValue: { list: () => of([price]) } },
        { provide: MatDialog, useValue: dialog },
        { provide: NotifyService, useValue: notify },
      ],
    });
  });

  it('keeps the model that produced each reply after another model is chosen', async () => {
    await render();
    await send('Hi', openaiReply('Hello there'));
    expect(texts('turn-role')).toEqual(['You', 'model-a']);
    expect(texts('assistant-message')).toEqual(['Hello there']);

    await choose('model-select', 'model-b');
    expect(texts('turn-role')).toEqual(['You', 'model-a']);

    await send('Again', openaiReply('Second answer'));
    expect(texts('turn-role')).toEqual(['You', 'model-a', 'You', 'model-b']);
    expect(texts('assistant-message')).toEqual(['Hello there', 'Second answer']);
    expect(sent(0).body.model).toBe('model-a');
    expect(sent(1).body.model).toBe('model-b');
    expect(sent(1).body.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello there' },
      { role: 'user', content: 'Again' },
    ]);
  });

  it('sends temperature, max tokens and the system prompt in the OpenAI body, and leaves them out when empty', async () => {
    await render();
    await send('Plain', openaiReply('ok'));
    expect(sent(0).url).toBe('/v1/chat/completions');
    expect(sent(0).body).toEqual({ model: 'model-a', messages: [{ role: 'user', content: 'Plain' }], stream: true, stream_options: { include_usage: true } });

    await type(byId('temperature'), '0.3');
    await type(byId('max-tokens'), '200');
    await type(el().querySelector('aside textarea') as HTMLTextAreaElement, '  Be brief.  ');
    await send('Tuned', openaiReply('ok'));
    expect(sent(1).body).toEqual({
      model: 'model-a',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Plain' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'Tuned' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      max_tokens: 200,
    });
  });

  it('speaks the Anthropic format when chosen: system apart, max_tokens always, its stream read', async () => {
    await render();
    await choose('format-select', 'Anthropic messages');
    expect(el().textContent).toContain('POST /v1/messages');
    await type(byId('temperature'), '0');
    await type(el().querySelector('aside textarea') as HTMLTextAreaElement, 'Answer in French.');
    const events = [
      { type: 'message_start', message: { usage: { input_tokens: 7 } } },
      { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Bon' } },
      { type: 'content_block_delta', delta: { type: 'text_delta', text: 'jour' } },
      { type: 'message_delta', usage: { output_tokens: 3 } },
    ];
    await send('Hello', sse(events, false));
    expect(sent(0).url).toBe('/v1/messages');
    expect(new Headers(sent(0).init.headers).get('anthropic-version')).toBe('2023-06-01');
    expect(sent(0).body).toEqual({
      model: 'model-a',
      max_tokens: 1024,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      temperature: 0,
    });
    expect(texts('assistant-message')).toEqual(['Bonjour']);
    expect(byId('turn-usage').textContent).toContain('7 prompt + 3 completion = 10 tokens');
  });

  it("shows each reply's tokens and cost from the model's price, and the session totals", async () => {
    await render();
    const usage = { prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 };
    await send('Count', openaiReply('Counted', usage));
    const cost = (usage.prompt_tokens * price.inputPriceUsdPerMTok + usage.completion_tokens * price.outputPriceUsdPerMTok) / 1e6;
    expect(byId('turn-usage').textContent).toContain(`${formatCount(1000)} prompt + ${formatCount(500)} completion = ${formatCount(1500)} tokens`);
    expect(byId('turn-usage').textContent).toContain(formatMoney(cost, 'auto'));

    await choose('model-select', 'model-b');
    await send('Unpriced', openaiReply('Free?', usage));
    expect(el().querySelectorAll('[data-testid="turn-usage"]')[1].textContent).toContain('price unknown');
    const totals = byId('session-usage').textContent ?? '';
    expect(totals).toContain(formatCount(2000));
    expect(totals).toContain(formatMoney(cost, 'auto'));
  });

  it('refuses out-of-range settings in words and sends nothing', async () => {
    await render();
    await type(byId('prompt'), 'Hi');
    await type(byId('temperature'), '3');
    expect(el().textContent).toContain('0 to 2');
    expect(byId<HTMLButtonElement>('send').disabled).toBe(true);
    await type(byId('temperature'), '1');
    await type(byId('max-tokens'), '1.5');
    expect(el().textContent).toContain('A whole number from 1');
    expect(byId<HTMLButtonElement>('send').disabled).toBe(true);
    byId('prompt').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await fixture.whenStable();
    expect(fetch).not.toHaveBeenCalled();
    expect(el().querySelectorAll('[data-testid="turn-role"]')).toHaveLength(0);
  });

  it('sends with Ctrl+Enter', async () => {
    await render();
    replies.push(openaiReply('Quick'));
    await type(byId('prompt'), 'Fast');
    byId('prompt').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
    await vi.waitFor(() => expect(texts('assistant-message')).toEqual(['Quick']));
    expect(sent(0).body.messages).toEqual([{ role: 'user', content: 'Fast' }]);
  });

  it('shows a refused request on its reply and leaves the failed reply out of the next call', async () => {
    await render();
    const refusal = { error: { message: 'Model model-a is not allowed for this key', type: 'invalid_request_error' } };
    await send('First', new Response(JSON.stringify(refusal), { status: 403, headers: { 'Content-Type': 'application/json' } }));
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('Model model-a is not allowed for this key');
    expect(notify.fail).toHaveBeenCalledWith(expect.anything(), 'The chat failed');

    await send('Second', openaiReply('Fine now'));
    // The failed question goes with its answer: no two questions in a row.
    expect(sent(1).body.messages).toEqual([{ role: 'user', content: 'Second' }]);
    expect(texts('assistant-message').at(-1)).toBe('Fine now');
  });

  it('leaves a reply that ended before any text out of the next call, with its question (no empty assistant message)', async () => {
    await render();
    await send('Hello', openaiReply('Hi there'));
    await send('Stopped one', sse([], true));
    await send('Third', openaiReply('Done'));
    expect(sent(2).body.messages).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi there' },
      { role: 'user', content: 'Third' },
    ]);
  });

  it('"View code" shows the current conversation, model, settings and the message being typed, against this origin', async () => {
    await render();
    await send('Hi', openaiReply('Hello there'));
    await choose('model-select', 'model-b');
    await type(byId('temperature'), '0.5');
    await type(el().querySelector('aside textarea') as HTMLTextAreaElement, 'Be brief.');
    await type(byId('prompt'), "What's next?");
    byId<HTMLButtonElement>('view-code').click();
    await fixture.whenStable();

    expect(dialog.open).toHaveBeenCalledTimes(1);
    expect(dialog.open.mock.calls[0][0]).toBe(PlaygroundCodeDialogComponent);
    const snippets = dialog.open.mock.calls[0][1].data as Snippet[];
    const curl = snippets.find((s) => s.id === 'curl')!.code;
    expect(curl).toContain(`curl ${origin}/v1/chat/completions`);
    const body = JSON.parse(/-d '([\s\S]*)'$/.exec(curl)![1].replace(/'\\''/g, "'"));
    expect(body).toEqual({
      model: 'model-b',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello there' },
        { role: 'user', content: "What's next?" },
      ],
      temperature: 0.5,
    });
    for (const s of snippets) for (const url of s.code.match(/https?:\/\/[^\s"'`]+/g) ?? []) expect(url.startsWith(origin)).toBe(true);

    await choose('format-select', 'Anthropic messages');
    byId<HTMLButtonElement>('view-code').click();
    await fixture.whenStable();
    const anthropicCurl = (dialog.open.mock.calls[1][1].data as Snippet[]).find((s) => s.id === 'curl')!.code;
    expect(anthropicCurl).toContain(`curl ${origin}/v1/messages`);
    expect(anthropicCurl).toContain('"system": "Be brief."');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('starts on the ?model= asked for when it is offered, else on the first model', async () => {
    const models = new Subject<string[]>();
    await render(models, 'model-b');
    models.next(['model-a', 'model-b']);
    await fixture.whenStable();
    expect(byId('model-select').textContent).toContain('model-b');

    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: ModelsApiService, useValue: { list: () => of([]) } }, { provide: MatDialog, useValue: dialog }],
    });
    const later = new Subject<string[]>();
    await render(later, 'not-offered');
    later.next(['model-a', 'model-b']);
    await fixture.whenStable();
    expect(byId('model-select').textContent).toContain('model-a');
  });

  it('says when no model is available and offers neither sending nor code', async () => {
    await render(of([]));
    await type(byId('prompt'), 'Hi');
    expect(el().textContent).toContain('No models available to you yet');
    expect(byId<HTMLButtonElement>('send').disabled).toBe(true);
    expect(byId<HTMLButtonElement>('view-code').disabled).toBe(true);
  });
});
