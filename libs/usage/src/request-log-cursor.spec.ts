import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './request-log-cursor';

describe('request log cursor', () => {
  it('round-trips the exact time and request id', () => {
    const cursor = { at: '2026-03-01T12:00:00.123456Z', id: 'b3f1c2d4-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64 JSON', 'bm90IGEgY3Vyc29y'],
    ['an empty array', Buffer.from('[]').toString('base64url')],
    ['a time without microseconds', Buffer.from(JSON.stringify(['2026-03-01T12:00:00Z', 'x'])).toString('base64url')],
    ['an impossible date', Buffer.from(JSON.stringify(['2026-13-45T12:00:00.000000Z', 'x'])).toString('base64url')],
    ['an empty id', Buffer.from(JSON.stringify(['2026-03-01T12:00:00.000000Z', ''])).toString('base64url')],
    ['an id that is no string', Buffer.from(JSON.stringify(['2026-03-01T12:00:00.000000Z', 5])).toString('base64url')],
  ])('refuses %s with a 400', (_label, value) => {
    expect(() => decodeCursor(value)).toThrow(BadRequestException);
  });
});
