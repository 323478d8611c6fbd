import type { LookupAddress } from 'node:dns';
import { isPrivateAddress, targetLookup, targetProblem, type TargetRules } from './webhook-target';

const lenient: TargetRules = { strict: false, allowed: [] };
const strict: TargetRules = { strict: true, allowed: [] };

describe('webhook targets', () => {
  it('takes http(s) URLs without credentials; refuses metadata hosts always', () => {
    expect(targetProblem('https://hooks.slack.com/services/T/B/x', strict)).toBeNull();
    expect(targetProblem('http://127.0.0.1:8080/hook', lenient)).toBeNull();
    expect(targetProblem('ftp://example.com/', lenient)).toMatch(/http or https/);
    expect(targetProblem('nope', lenient)).toMatch(/http or https/);
    expect(targetProblem('https://u:p@example.com/', lenient)).toMatch(/user name or password/);
    for (const url of ['http://169.254.169.254/', 'http://metadata.google.internal/', 'http://[fe80::1]/', 'http://0xa9fea9fe/']) {
      expect(targetProblem(url, lenient)).toMatch(/link-local or cloud-metadata/);
    }
  });

  it('refuses loopback and private addresses in production (strict), unless the host is listed', () => {
    for (const url of ['http://127.0.0.1/', 'http://localhost:3000/', 'http://10.1.2.3/', 'http://192.168.0.10/', 'http://172.20.0.1/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[fd00::1]/', 'http://0.0.0.0/', 'http://2130706433/']) {
      expect(targetProblem(url, strict)).toMatch(/loopback or private.*WEBHOOK_ALLOWED_HOSTS/);
      expect(targetProblem(url, lenient)).toBeNull();
    }
    expect(targetProblem('http://10.1.2.3/', { strict: true, allowed: ['10.1.2.3'] })).toBeNull();
    expect(targetProblem('http://172.32.0.1/', strict)).toBeNull();
  });

  it('knows the private ranges, IPv4-mapped forms included', () => {
    expect(['127.0.0.1', '10.0.0.1', '100.64.0.1', '::1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'fe80::1', 'fc00::1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '2001:db8::1', '::ffff:808:808', 'example.com'].some(isPrivateAddress)).toBe(false);
  });

  it('checks resolved addresses at connect time: link-local always, private when strict, listed names exempt', async () => {
    const answers: Record<string, string> = { 'public.example': '203.0.113.7', 'lan.example': '192.168.1.5', 'meta.example': '169.254.169.254' };
    const resolve = (host: string, _o: object, cb: (e: NodeJS.ErrnoException | null, a: string | LookupAddress[], f?: number) => void) => cb(null, answers[host], 4);
    const run = (rules: TargetRules, host: string) => new Promise<NodeJS.ErrnoException | null>((done) => targetLookup(rules, resolve)(host, {}, (err) => done(err)));
    expect(await run(strict, 'public.example')).toBeNull();
    expect(await run(strict, 'lan.example')).toMatchObject({ code: 'EREFUSEDADDRESS' });
    expect(await run(lenient, 'lan.example')).toBeNull();
    expect(await run(lenient, 'meta.example')).toMatchObject({ code: 'EREFUSEDADDRESS', message: expect.stringMatching(/169\.254\.169\.254/) });
    expect(await run({ strict: true, allowed: ['lan.example'] }, 'lan.example')).toBeNull();
  });
});
