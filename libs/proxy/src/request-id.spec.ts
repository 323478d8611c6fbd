import { newRequestId } from './request-id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newRequestId', () => {
  it('is a version 7 UUID whose first 48 bits are the time in ms', () => {
    const before = Date.now();
    const id = newRequestId();
    const after = Date.now();
    expect(id).toMatch(V7);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('is unique, and ids of later milliseconds sort after earlier ones', async () => {
    const first = Array.from({ length: 50_000 }, newRequestId);
    expect(new Set(first).size).toBe(first.length);
    await new Promise((r) => setTimeout(r, 2));
    const later = newRequestId();
    expect(first.every((id) => id < later)).toBe(true);
    expect(first.every((id) => V7.test(id))).toBe(true);
  });
});
