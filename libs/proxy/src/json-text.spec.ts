import { exceedsDepth, prependMember, replaceJsonString, withModel } from './json-text';

describe('JSON text edits', () => {
  it('replaces the top-level model and leaves every other byte alone', () => {
    const text = '{ "messages": [{"role":"user","content":"say \\"model\\": \\"x\\""}],\n  "model" : "public-name", "x_unknown": {"model": "nested"} }';
    const out = withModel(text, 'gpt-4o-mini')!;
    expect(out).toBe(text.replace('"public-name"', '"gpt-4o-mini"'));
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(text), model: 'gpt-4o-mini' });
  });

  it('skips nested model keys that come before the top-level one', () => {
    const text = '{"tools":[{"input_schema":{"properties":{"model":{"type":"string"}}}}],"metadata":{"model":"m"},"model":"pub"}';
    expect(JSON.parse(withModel(text, 'up')!)).toEqual({ ...JSON.parse(text), model: 'up' });
  });

  it('finds nested paths (message.model, response.model)', () => {
    const text = '{"type":"message_start","message":{"id":"msg_1","content":[{"model":"no"}],"model":"claude-sonnet-4-5","usage":{}}}';
    expect(JSON.parse(replaceJsonString(text, ['message', 'model'], 'public')!).message).toMatchObject({ model: 'public', content: [{ model: 'no' }] });
    expect(replaceJsonString('{"response":{"model":"a"}}', ['response', 'model'], 'b')).toBe('{"response":{"model":"b"}}');
  });

  it('escapes the new value and handles backslashes before quotes', () => {
    const text = '{"a":"\\\\","model":"x"}';
    expect(JSON.parse(withModel(text, 'we"ird\\')!)).toEqual({ a: '\\', model: 'we"ird\\' });
  });

  it('answers null when there is no top-level string model', () => {
    expect(withModel('{"messages":[],"meta":{"model":"x"}}', 'y')).toBeNull();
    expect(withModel('{"model":null}', 'y')).toBeNull();
    expect(withModel('[{"model":"x"}]', 'y')).toBeNull();
    expect(withModel('{"model":"unterminated', 'y')).toBeNull();
  });

  it('prepends a member to the root object', () => {
    expect(JSON.parse(prependMember(' {"model":"m","stream":true}', 'stream_options', '{"include_usage":true}'))).toEqual({
      stream_options: { include_usage: true },
      model: 'm',
      stream: true,
    });
  });
});

describe('exceedsDepth', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(exceedsDepth(nested(64), 64)).toBe(false);
    expect(exceedsDepth(nested(65), 64)).toBe(true);
    expect(exceedsDepth(`{"a":"${'['.repeat(500)}","b":{"c":[1,{"d":"\\\\"}]}}`, 4)).toBe(false);
    expect(exceedsDepth(`{"x":${nested(5000)}}`, 64)).toBe(true);
  });
});
