import { SLUG_PATTERN, slugFrom } from './tool-slug';

describe('slugFrom', () => {
  it('turns a name into a slug the API accepts', () => {
    expect(slugFrom('CLI Proxy (local)')).toBe('cli-proxy-local');
    expect(slugFrom('  Grafana  ')).toBe('grafana');
    expect(slugFrom('Ünïcode Pänel')).toBe('unicode-panel');
    expect(SLUG_PATTERN.test(slugFrom('A'.repeat(60)))).toBe(true);
    expect(slugFrom('a'.repeat(39) + ' b')).toBe('a'.repeat(39));
  });

  it('gives nothing for a name without letters or digits', () => {
    expect(slugFrom('***')).toBe('');
    expect(SLUG_PATTERN.test('')).toBe(false);
  });
});
