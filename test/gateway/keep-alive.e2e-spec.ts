import { Agent, get } from 'node:http';
import { startTestApp, type TestApp } from '../support/test-app';

/** One GET on the agent: the status, the Keep-Alive header and the local port of the socket used. */
function fetchOn(agent: Agent, url: string): Promise<{ status: number; keepAlive: string | undefined; port: number }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, keepAlive: res.headers['keep-alive']?.toString(), port: req.socket!.localPort! }));
    });
    req.on('error', reject);
  });
}

/**
 * Idle client connections stay open past Node's 5-second default: a load balancer or an SDK that
 * reuses one after a pause must not meet a socket the gateway has just closed.
 */
describe('keep-alive', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('announces a long keep-alive and serves a second request on the same idle connection after 6 s', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 120_000 });
    try {
      const first = await fetchOn(agent, `${t.url}/api/v1/health`);
      expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=72' });
      await new Promise((r) => setTimeout(r, 6_000));
      const second = await fetchOn(agent, `${t.url}/api/v1/health`);
      expect(second).toMatchObject({ status: 200, port: first.port });
    } finally {
      agent.destroy();
    }
  }, 30_000);
});
