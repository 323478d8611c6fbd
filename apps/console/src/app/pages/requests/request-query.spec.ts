import { filterProblem, filtersFrom, keyFilter, NO_FILTERS, requestParams, statusTone } from './request-query';

describe('request log query', () => {
  it('sends only the filters that are set, trimmed, with the cursor', () => {
    const f = { ...NO_FILTERS, model: ' gpt-x ', status: '5xx', from: '2026-12-01' };
    expect(requestParams(f, null, 50)).toEqual({ limit: 50, model: 'gpt-x', status: '5xx', from: '2026-12-01' });
    expect(requestParams(NO_FILTERS, 'abc', 20)).toEqual({ limit: 20, cursor: 'abc' });
  });

  it('refuses From after To and a negative minimum cost', () => {
    expect(filterProblem({ ...NO_FILTERS, from: '2026-12-05', to: '2026-12-01' })).toBe('From must not be after To');
    expect(filterProblem({ ...NO_FILTERS, minCostUsd: '-1' })).toMatch(/Minimum cost/);
    expect(filterProblem({ ...NO_FILTERS, minCostUsd: 'abc' })).toMatch(/Minimum cost/);
    expect(filterProblem({ ...NO_FILTERS, from: '2026-12-01', to: '2026-12-01', minCostUsd: '0.01' })).toBeNull();
  });

  it('reads filters from the URL and ignores the rest; links by id fill the user and key fields', () => {
    expect(filtersFrom({ user: 'a@b.example', page: '3' })).toEqual({ ...NO_FILTERS, user: 'a@b.example' });
    expect(filtersFrom({ userId: 'u1', keyId: 'k1' })).toEqual({ ...NO_FILTERS, user: 'u1', key: 'k1' });
  });

  it('cuts a pasted key to its prefix, and leaves names, prefixes and ids alone', () => {
    expect(keyFilter(' gw-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc ')).toBe('gw-AbCdEfG');
    expect(keyFilter('gw-AbCdEfG')).toBe('gw-AbCdEfG');
    expect(keyFilter('gw-AbCdEfG…')).toBe('gw-AbCdEfG…');
    expect(keyFilter('CI runner')).toBe('CI runner');
    expect(keyFilter('0b6f1c9e-2f4a-4c1e-9a57-3c2d8e4f5a6b')).toBe('0b6f1c9e-2f4a-4c1e-9a57-3c2d8e4f5a6b');
  });

  it('tones statuses: refusals warn, upstream failures and cut streams are bad', () => {
    expect(statusTone(200, null)).toBe('ok');
    expect(statusTone(429, 'rate limited')).toBe('warn');
    expect(statusTone(502, 'upstream down')).toBe('bad');
    expect(statusTone(200, 'stream cut')).toBe('bad');
  });
});
