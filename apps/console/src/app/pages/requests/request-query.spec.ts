import { filterProblem, filtersFrom, NO_FILTERS, requestParams, statusTone } from './request-query';

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

  it('reads filters from the URL and ignores the rest', () => {
    expect(filtersFrom({ userId: 'u1', page: '3' })).toEqual({ ...NO_FILTERS, userId: 'u1' });
  });

  it('tones statuses: refusals warn, upstream failures and cut streams are bad', () => {
    expect(statusTone(200, null)).toBe('ok');
    expect(statusTone(429, 'rate limited')).toBe('warn');
    expect(statusTone(502, 'upstream down')).toBe('bad');
    expect(statusTone(200, 'stream cut')).toBe('bad');
  });
});
