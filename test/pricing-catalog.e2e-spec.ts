import { api, login, newUser } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

describe('GET /api/v1/pricing/catalog (bundled prices, admin only)', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await startTestApp();
    admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
  });
  afterAll(() => t.close());

  it('answers the best match first for an upstream model id, with the cache prices Anthropic lists', async () => {
    const res = await admin.get('/api/v1/pricing/catalog?search=claude-sonnet-4-5-20250929');
    expect(res.status).toBe(200);
    const [best] = res.body.items;
    expect(best).toMatchObject({ provider: 'anthropic', id: 'claude-sonnet-4-5', inputPriceUsdPerMTok: expect.any(Number), outputPriceUsdPerMTok: expect.any(Number) });
    expect(best.cacheReadPriceUsdPerMTok).toBeGreaterThan(0);
    expect(best.cacheWritePriceUsdPerMTok).toBeGreaterThan(best.inputPriceUsdPerMTok);
    const mini = await admin.get('/api/v1/pricing/catalog?search=gpt-4o-mini&limit=1');
    expect(mini.body.items).toEqual([expect.objectContaining({ provider: 'openai', id: 'gpt-4o-mini' })]);
  });

  it('refuses non-admins and bad queries', async () => {
    const user = await newUser(t.url);
    expect((await user.client.get('/api/v1/pricing/catalog?search=gpt')).status).toBe(403);
    expect((await api(t.url).get('/api/v1/pricing/catalog')).status).toBe(401);
    expect((await admin.get('/api/v1/pricing/catalog?limit=0')).status).toBe(400);
    expect((await admin.get('/api/v1/pricing/catalog?limit=500')).status).toBe(400);
    expect((await admin.get('/api/v1/pricing/catalog?bogus=1')).status).toBe(400);
  });
});
