import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('returns the data of each complete event', () => {
    const parser = new SseParser();
    expect(parser.feed('data: {"a":1}\n\ndata: {"a":2}\n\n')).toEqual(['{"a":1}', '{"a":2}']);
  });

  it('holds partial events until their blank line arrives, across chunk boundaries', () => {
    const parser = new SseParser();
    expect(parser.feed('da')).toEqual([]);
    expect(parser.feed('ta: hel')).toEqual([]);
    expect(parser.feed('lo\n')).toEqual([]);
    expect(parser.feed('\ndata: [DONE]\n\n')).toEqual(['hello', '[DONE]']);
  });

  it('handles CRLF split between chunks, comments, event names and multi-line data', () => {
    const parser = new SseParser();
    expect(parser.feed(': keep-alive\r\nevent: message\r\ndata: one\r')).toEqual([]);
    expect(parser.feed('\ndata: two\r\n\r\n')).toEqual(['one\ntwo']);
  });

  it('flushes a final event that lacks its blank line', () => {
    const parser = new SseParser();
    expect(parser.feed('data: last')).toEqual([]);
    expect(parser.flush()).toEqual(['last']);
  });
});
