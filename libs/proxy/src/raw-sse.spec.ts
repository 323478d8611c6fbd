import { getAdapter } from '@gateway/providers';
import { anthropicSpecial, NativeAnthropicStream, NativeResponsesStream, openAiSpecial, responsesSpecial } from './codecs/native-streams';
import { RawSsePass, renameModel, sseEvents } from './raw-sse';

const PUBLIC = Buffer.from('"public"');
const chunk = (extra: object) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'gpt-4o-2024-08-06', ...extra })}\n\n`;
const delta = (content: string) => chunk({ choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null });

describe('renameModel (the public model name, byte for byte otherwise)', () => {
  it('renames the root model of every event and nothing else', () => {
    const text = delta('a') + delta('b');
    expect(renameModel(Buffer.from(text), PUBLIC).toString()).toBe(text.replaceAll('"gpt-4o-2024-08-06"', '"public"'));
  });

  it('leaves nested keys, values that read "model" and text inside strings alone', () => {
    const text = `data: {"x":{"model":"inner"},"content":"the \\"model\\": \\"no\\"","tag":"model","model" : "outer"}\n\n`;
    expect(renameModel(Buffer.from(text), PUBLIC).toString()).toBe(text.replace('"outer"', '"public"'));
  });

  it('returns the same buffer when there is nothing to rename', () => {
    const bytes = Buffer.from('data: {"choices":[]}\n\n: keep-alive\n\n');
    expect(renameModel(bytes, PUBLIC)).toBe(bytes);
  });

  it('copes with escaped quotes in the value it replaces', () => {
    const text = 'data: {"model":"we\\"ird"}\n\n';
    expect(renameModel(Buffer.from(text), PUBLIC).toString()).toBe('data: {"model":"public"}\n\n');
  });
});

describe('openAiSpecial (the first chunk that must be parsed)', () => {
  const at = (text: string) => openAiSpecial(Buffer.from(text), 0, Buffer.byteLength(text));

  it('passes content chunks with usage: null', () => {
    expect(at(delta('hi') + delta('there'))).toBe(-1);
  });

  it('finds a usage object, an error, [DONE] and named events', () => {
    const before = delta('hi');
    // The start of the event that holds it.
    expect(at(before + chunk({ choices: [], usage: { prompt_tokens: 1 } }))).toBe(before.length);
    expect(at(before + 'data: {"error":{"message":"x"}}\n\n')).toBe(before.length);
    expect(at(before + 'data: [DONE]\n\n')).toBe(before.length);
    expect(at(before + 'event: error\ndata: {}\n\n')).toBe(before.length);
    expect(at(before + 'data: {"choices":[],"usage" :\n {"prompt_tokens":1}}\n\n')).toBe(before.length);
  });

  it('takes `event:` only at the start of a line', () => {
    expect(at('data: {"x":"event: no","usage":null}\n\n')).toBe(-1);
    expect(at(delta('a') + 'data: {}\nevent: ping\n\n')).toBe(delta('a').length);
  });

  it('is not fooled by the words inside content', () => {
    expect(at(delta('say "error" and "usage": {x}'))).toBe(-1);
  });
});

describe('RawSsePass (each read split into bytes to pass and events to parse)', () => {
  const relay = (reads: string[] | Buffer[]) => {
    const pass = new RawSsePass(PUBLIC, openAiSpecial);
    const sent: Buffer[] = [];
    const parsed: Buffer[] = [];
    for (const read of reads) {
      if (pass.off) {
        parsed.push(Buffer.from(read));
        continue;
      }
      for (const part of pass.read(Buffer.from(read))) (part.pass ? sent : parsed).push(part.bytes);
    }
    const rest = pass.rest();
    return { pass, sent: Buffer.concat(sent).toString(), parsed: Buffer.concat(parsed).toString(), rest: rest?.toString() ?? '' };
  };
  const usage = chunk({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
  const stream = delta('Hé') + delta('llo') + usage + 'data: [DONE]\n\n';

  it('passes content chunks renamed and hands the usage chunk onwards to the parser', () => {
    const { sent, parsed, pass } = relay([stream]);
    expect(sent).toBe((delta('Hé') + delta('llo')).replaceAll('"gpt-4o-2024-08-06"', '"public"'));
    expect(parsed).toBe(usage + 'data: [DONE]\n\n');
    expect(pass.off).toBe(false);
  });

  it('gives the same bytes whatever the read boundaries, even inside a character', () => {
    const bytes = Buffer.from(stream);
    const whole = relay([bytes]);
    for (const size of [1, 7, 50, 101]) {
      const reads: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) reads.push(bytes.subarray(i, i + size));
      const split = relay(reads);
      expect(split.sent + split.parsed).toBe(whole.sent + whole.parsed);
      expect(split.sent).toBe(whole.sent);
    }
  });

  it('keeps an unfinished event until its end arrives', () => {
    const one = delta('a');
    const { sent, rest } = relay([one + one.slice(0, 20)]);
    expect(sent).toBe(one.replace('"gpt-4o-2024-08-06"', '"public"'));
    expect(rest).toBe(one.slice(0, 20));
  });

  it('leaves CRLF framing to the parser from the start', () => {
    const crlf = stream.replaceAll('\n\n', '\r\n\r\n');
    const { sent, parsed } = relay([crlf]);
    expect(sent).toBe('');
    expect(parsed).toBe(crlf);
  });

  it('keeps what it passed for counting tokens when no usage comes', () => {
    const { pass } = relay([delta('Hé') + delta('llo')]);
    const events = sseEvents(Buffer.concat(pass.passed));
    expect(events.map((e) => JSON.parse(e.data).choices[0].delta.content).join('')).toBe('Héllo');
  });
});

describe('Anthropic streams as bytes', () => {
  const ev = (event: string, data: object) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
  const start = ev('message_start', { message: { id: 'msg_1', model: 'claude-upstream', content: [], usage: { input_tokens: 10, output_tokens: 1 } } });
  const blockStart = ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  const delta = (text: string) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  const tail = ev('content_block_stop', { index: 0 }) + ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }) + ev('message_stop', {});

  it('picks out every event but content blocks and pings', () => {
    const text = blockStart + delta('a') + 'event: ping\ndata: {"type": "ping"}\n\n' + start;
    expect(anthropicSpecial(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(Buffer.byteLength(text) - Buffer.byteLength(start));
    expect(anthropicSpecial(Buffer.from(start), 0, Buffer.byteLength(start))).toBe(0);
  });

  it('passes the content as bytes between the parsed events, renames the model, reads the usage', () => {
    const stream = new NativeAnthropicStream('public', getAdapter('anthropic').createStreamDecoder('m'));
    const all = start + blockStart + delta('Grüße ') + delta('🙂') + tail;
    let out = '';
    for (const part of stream.raw.read(Buffer.from(all))) {
      if (part.pass) out += part.bytes.toString();
      else for (const e of sseEvents(part.bytes)) out += stream.push(e);
    }
    expect(out).toBe(all.replace('"claude-upstream"', '"public"'));
    expect(stream.finished).toBe(true);
    expect(stream.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 7 });
    expect(stream.completionText()).toBe('Grüße 🙂');
  });
});

describe('Responses streams as bytes', () => {
  const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const snapshot = (status: string, usage: object | null) => ({ response: { id: 'resp_1', model: 'gpt-upstream', status, output: [], usage } });
  const created = ev('response.created', snapshot('in_progress', null));
  const delta = (text: string) => ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta: text });
  const done = ev('response.output_text.done', { item_id: 'msg_1', text: 'Hi there' });
  const completed = ev('response.completed', snapshot('completed', { input_tokens: 4, output_tokens: 2, total_tokens: 6 }));

  it('passes only the delta events (and comments) as bytes', () => {
    const text = delta('a') + ': ping\n\n' + delta('b') + done;
    expect(responsesSpecial(Buffer.from(text), 0, Buffer.byteLength(text))).toBe(Buffer.byteLength(text) - Buffer.byteLength(done));
    expect(responsesSpecial(Buffer.from(created), 0, Buffer.byteLength(created))).toBe(0);
  });

  it('renames the model in the snapshots, passes the deltas, reads the usage of response.completed', () => {
    const stream = new NativeResponsesStream('public');
    const all = created + delta('Hi ') + delta('there') + done + completed;
    let out = '';
    for (const part of stream.raw.read(Buffer.from(all))) {
      if (part.pass) out += part.bytes.toString();
      else for (const e of sseEvents(part.bytes)) out += stream.push(e);
    }
    expect(out).toBe(all.replaceAll('"gpt-upstream"', '"public"'));
    expect(stream.finished).toBe(true);
    expect(stream.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 2 });
    expect(stream.completionText()).toBe('Hi there');
  });
});
