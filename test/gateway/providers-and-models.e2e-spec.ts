/**
 * The catalogue: provider CRUD (the API key masked, never returned, encrypted at rest),
 * live tests and model discovery against fake upstreams, model CRUD validation, and the
 * gateway's own GET /v1/models and POST /v1/embeddings.
 */
import OpenAI from 'openai';
import { Client as PgClient } from 'pg';
import { api, newUser } from '../support/http';
import { DEFAULT_TEXT } from '../support/fake-upstream';
import { startTestApp, type TestApp } from '../support/test-app';
import { Gateway, privateDataDir, unique } from './gateway-fixture';

jest.setTimeout(30_000);

const SECRET = 'sk-live-abcdefghijklmnopqrstuvwx1234';

async function sql<T = any>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('gateway catalogue: providers, models, /v1/models and /v1/embeddings', () => {
  let t: TestApp;
  let gw: Gateway;
  beforeAll(async () => {
    t = await startTestApp({ env: { DATA_DIR: privateDataDir() } });
    gw = await new Gateway(t).init();
  });
  afterAll(async () => {
    await gw.close();
    await t.close();
  });

  describe('providers', () => {
    it('masks the API key in every response, never returns it, and stores it encrypted', async () => {
      const fake = await gw.fake('openai');
      const name = unique('openai-main');
      const created = await gw.admin.post('/api/v1/providers', { name, type: 'openai', baseUrl: fake.baseUrl, apiKey: SECRET, headers: { 'x-org-token': 'org-secret-token-9876', 'x-team': 'blue' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name, type: 'openai', baseUrl: fake.baseUrl, apiKey: 'sk-…1234', enabled: true, health: 'unknown', timeoutMs: 60000 });
      expect(created.body.headers).toEqual({ 'x-org-token': '…9876', 'x-team': 'blue' });
      const id = created.body.id;

      const responses = [
        created,
        await gw.admin.get('/api/v1/providers'),
        await gw.admin.get(`/api/v1/providers/${id}`),
        await gw.admin.patch(`/api/v1/providers/${id}`, { timeoutMs: 5000 }),
        await gw.admin.get(`/api/v1/providers/${id}/health`),
      ];
      for (const res of responses) {
        expect(res.status).toBe(200 + (res === created ? 1 : 0));
        expect(JSON.stringify(res.body)).not.toContain('abcdefghijklmnop');
        expect(JSON.stringify(res.body)).not.toContain('org-secret-token');
      }
      expect(responses[3].body).toMatchObject({ apiKey: 'sk-…1234', timeoutMs: 5000 });
      expect(responses[4].body).toEqual({ providerId: id, status: 'unknown', latest: null, history: [] });

      const [row] = await sql(t.databaseUrl, 'SELECT * FROM providers WHERE id = $1', [id]);
      expect(JSON.stringify(row)).not.toContain('abcdefghijklmnop');
      // Secret header values are sealed too; the headers column keeps only their masks.
      expect(JSON.stringify(row)).not.toContain('org-secret-token');
      expect(row.headers).toEqual({ 'x-org-token': '…9876', 'x-team': 'blue' });
      expect(row.secrets_enc).toMatch(/^v\d+\./);
      expect(row.api_key_enc).toMatch(/^v\d+\./);
      expect(row.api_key_enc).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 16));
      expect(row.api_key_mask).toBe('sk-…1234');

      // …yet the upstream gets the real key and headers.
      const test = await gw.admin.post(`/api/v1/providers/${id}/test`, { model: 'fake-model-b' });
      expect(test.body).toMatchObject({ ok: true, status: 200, model: 'fake-model-b' });
      const sent = fake.to('/v1/chat/completions')[0];
      expect(sent.headers.authorization).toBe(`Bearer ${SECRET}`);
      expect(sent.headers['x-org-token']).toBe('org-secret-token-9876');
      expect(sent.headers['x-team']).toBe('blue');
      expect(sent.body).toMatchObject({ model: 'fake-model-b', messages: [{ role: 'user', content: 'ping' }] });
    });

    it('seals base-URL credentials and secret headers, keeps them when a form sends the masks back, and seals rows from before', async () => {
      const fake = await gw.fake('openai');
      const withCredentials = fake.baseUrl.replace('://', '://proxy-user:pa55word-secret@');
      const created = await gw.admin.post('/api/v1/providers', { name: unique('creds'), type: 'openai', baseUrl: withCredentials, headers: { authorization: 'Bearer proxy-token-abcdef123456' } });
      expect(created.status).toBe(201);
      expect(created.body.baseUrl).toBe(fake.baseUrl.replace('://', '://…@'));
      expect(created.body.headers).toEqual({ authorization: '…3456' });
      const id = created.body.id;
      // The console sends the form back as shown: the masks keep the stored secrets.
      const resent = await gw.admin.patch(`/api/v1/providers/${id}`, { baseUrl: created.body.baseUrl, headers: { ...created.body.headers, 'x-team': 'red' } });
      expect(resent.body).toMatchObject({ baseUrl: created.body.baseUrl, headers: { authorization: '…3456', 'x-team': 'red' } });
      await gw.admin.post(`/api/v1/providers/${id}/test`, { model: 'fake-model-a' });
      expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer proxy-token-abcdef123456');
      expect(fake.requests.at(-1)!.headers['x-team']).toBe('red');
      const [row] = await sql(t.databaseUrl, 'SELECT * FROM providers WHERE id = $1', [id]);
      expect(JSON.stringify(row)).not.toMatch(/pa55word|proxy-token/);

      // A row written before secrets were sealed is sealed when the providers next load.
      const legacy = unique('legacy');
      await sql(t.databaseUrl, `INSERT INTO providers (name, type, base_url, headers) VALUES ($1, 'openai', $2, $3)`, [legacy, withCredentials, JSON.stringify({ 'x-api-token': 'legacy-token-value-7777' })]);
      await gw.admin.patch(`/api/v1/providers/${id}`, { timeoutMs: 4000 }); // any change reloads the registry
      const [sealed] = await sql(t.databaseUrl, 'SELECT * FROM providers WHERE name = $1', [legacy]);
      expect(JSON.stringify(sealed)).not.toMatch(/pa55word|legacy-token-value/);
      expect(sealed).toMatchObject({ base_url: fake.baseUrl.replace('://', '://…@'), headers: { 'x-api-token': '…7777' }, secrets_enc: expect.stringMatching(/^v\d+\./) });
    });

    it('replaces or clears the key on update, and the upstream sees the change', async () => {
      const fake = await gw.fake('anthropic');
      const id = (await gw.admin.post('/api/v1/providers', { name: unique('anthropic'), type: 'anthropic', baseUrl: fake.baseUrl, apiKey: 'sk-ant-first-key-0001' })).body.id;
      await gw.admin.post(`/api/v1/providers/${id}/test`, { model: 'claude-x' });
      expect(fake.requests.at(-1)!.headers['x-api-key']).toBe('sk-ant-first-key-0001');

      const replaced = await gw.admin.patch(`/api/v1/providers/${id}`, { apiKey: 'sk-ant-second-key-0002' });
      expect(replaced.body.apiKey).toBe('sk-…0002');
      await gw.admin.post(`/api/v1/providers/${id}/test`, { model: 'claude-x' });
      expect(fake.requests.at(-1)!.headers['x-api-key']).toBe('sk-ant-second-key-0002');
      expect(fake.requests.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');

      const renamed = await gw.admin.patch(`/api/v1/providers/${id}`, { name: unique('renamed') });
      expect(renamed.body.apiKey).toBe('sk-…0002');

      const cleared = await gw.admin.patch(`/api/v1/providers/${id}`, { apiKey: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body.apiKey).toBeNull();
      await gw.admin.post(`/api/v1/providers/${id}/test`, { model: 'claude-x' });
      expect(fake.requests.at(-1)!.headers['x-api-key']).toBeUndefined();
    });

    it('validates provider input and keeps providers to admins', async () => {
      const fake = await gw.fake('openai');
      const bad = [
        { type: 'openai', baseUrl: fake.baseUrl },
        { name: unique('p'), type: 'nope', baseUrl: fake.baseUrl },
        { name: unique('p'), type: 'openai' },
        { name: unique('p'), type: 'openai', baseUrl: 'ftp://127.0.0.1/v1' },
        { name: unique('p'), type: 'openai', baseUrl: 'not a url' },
        { name: 'bad/name', type: 'openai', baseUrl: fake.baseUrl },
        { name: unique('p'), type: 'openai', baseUrl: fake.baseUrl, timeoutMs: 5 },
        { name: unique('p'), type: 'openai', baseUrl: fake.baseUrl, headers: { 'bad header': 'x' } },
        { name: unique('p'), type: 'openai', baseUrl: fake.baseUrl, secret: 'unknown field' },
      ];
      for (const body of bad) {
        const res = await gw.admin.post('/api/v1/providers', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      // Parentheses read naturally in a name ("Azure (EU)").
      const bracketed = unique('Azure (EU)');
      const withParens = await gw.admin.post('/api/v1/providers', { name: bracketed, type: 'mock' });
      expect({ status: withParens.status, name: withParens.body.name }).toEqual({ status: 201, name: bracketed });
      const name = unique('dup');
      expect((await gw.admin.post('/api/v1/providers', { name, type: 'mock' })).status).toBe(201);
      expect((await gw.admin.post('/api/v1/providers', { name, type: 'mock' })).status).toBe(409);
      expect((await gw.admin.get('/api/v1/providers/not-a-uuid')).status).toBe(400);
      expect((await gw.admin.get('/api/v1/providers/00000000-0000-4000-8000-000000000000')).status).toBe(404);

      const user = await newUser(t.url);
      expect((await user.client.get('/api/v1/providers')).status).toBe(403);
      expect((await user.client.post('/api/v1/providers', { name: unique('p'), type: 'mock' })).status).toBe(403);
      expect((await api(t.url).get('/api/v1/providers')).status).toBe(401);
    });

    it('refuses to delete a provider a model routes to, then deletes it once unreferenced', async () => {
      const route = await gw.route([{ kind: 'openai' }]);
      const providerId = route.providers[0].id;
      const conflict = await gw.admin.delete(`/api/v1/providers/${providerId}`);
      expect(conflict.status).toBe(409);
      expect(conflict.body.message).toMatch(/target of a model/);
      expect((await gw.admin.delete(`/api/v1/models/${route.modelId}`)).status).toBe(204);
      expect((await gw.admin.delete(`/api/v1/providers/${providerId}`)).status).toBe(204);
      expect((await gw.admin.get(`/api/v1/providers/${providerId}`)).status).toBe(404);
    });

    it('POST /:id/test reports a live round trip, its failures included', async () => {
      const ok = await gw.provider({ kind: 'openai' });
      const discovered = await gw.admin.post(`/api/v1/providers/${ok.id}/test`, {});
      expect(discovered.status).toBe(200);
      expect(discovered.body).toMatchObject({ ok: true, status: 200, latencyMs: expect.any(Number) });
      // Without a model it picks one the upstream lists, and does a chat with it.
      expect(['fake-model-a', 'fake-model-b']).toContain(discovered.body.model);
      expect(ok.fake!.to('/v1/models')).toHaveLength(1);
      expect(ok.fake!.lastChat.model).toBe(discovered.body.model);

      const rejected = await gw.provider({ kind: 'anthropic', behaviour: { failStatus: 401, failMessage: 'invalid x-api-key' } });
      const refused = await gw.admin.post(`/api/v1/providers/${rejected.id}/test`, { model: 'claude-x' });
      expect(refused.status).toBe(200);
      expect(refused.body).toMatchObject({ ok: false, status: 401, model: 'claude-x', error: 'invalid x-api-key' });

      const down = await gw.provider({ kind: 'openai', unreachable: true });
      const unreachable = await gw.admin.post(`/api/v1/providers/${down.id}/test`, { model: 'x' });
      expect(unreachable.body).toMatchObject({ ok: false, error: expect.any(String) });

      const mock = await gw.provider({ kind: 'mock' });
      expect((await gw.admin.post(`/api/v1/providers/${mock.id}/test`, {})).body).toMatchObject({ ok: true, model: 'mock-small' });
    });

    it('discovers upstream models, caches them, and refreshes on demand', async () => {
      const { id, fake } = await gw.provider({ kind: 'openai', behaviour: { models: ['gpt-a', 'gpt-b'] } });
      const first = await gw.admin.get(`/api/v1/providers/${id}/models`);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ providerId: id, cached: false, models: [{ id: 'gpt-a', ownedBy: 'fake-org' }, { id: 'gpt-b', ownedBy: 'fake-org' }] });
      expect(fake!.to('/v1/models')[0].headers.authorization).toBe('Bearer sk-upstream-openai-secret-1234');

      fake!.behave({ models: ['gpt-a', 'gpt-b', 'gpt-c'] });
      const cached = await gw.admin.get(`/api/v1/providers/${id}/models`);
      expect(cached.body).toMatchObject({ cached: true, fetchedAt: first.body.fetchedAt });
      expect(cached.body.models.map((m: { id: string }) => m.id)).toEqual(['gpt-a', 'gpt-b']);
      expect(fake!.to('/v1/models')).toHaveLength(1);

      const refreshed = await gw.admin.post(`/api/v1/providers/${id}/models/refresh`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.cached).toBe(false);
      expect(refreshed.body.models.map((m: { id: string }) => m.id)).toEqual(['gpt-a', 'gpt-b', 'gpt-c']);
      expect(fake!.to('/v1/models')).toHaveLength(2);
      expect((await gw.admin.get(`/api/v1/providers/${id}/models`)).body.models).toHaveLength(3);
    });

    it('discovers Anthropic models with Anthropic auth, and answers 502 when discovery fails', async () => {
      const { id, fake } = await gw.provider({ kind: 'anthropic', behaviour: { models: ['claude-one', 'claude-two'] } });
      const res = await gw.admin.post(`/api/v1/providers/${id}/models/refresh`);
      expect(res.body.models).toEqual([
        { id: 'claude-one', ownedBy: 'anthropic' },
        { id: 'claude-two', ownedBy: 'anthropic' },
      ]);
      const sent = fake!.to('/v1/models')[0];
      expect(sent.headers['x-api-key']).toBe('sk-upstream-anthropic-secret-1234');
      expect(sent.headers['anthropic-version']).toBe('2023-06-01');

      fake!.behave({ failStatus: 500, failMessage: 'models are down' });
      const failed = await gw.admin.post(`/api/v1/providers/${id}/models/refresh`);
      expect(failed.status).toBe(502);
      expect(failed.body.message).toMatch(/^Model discovery failed: .*models are down/);
      // The last good list is still served from the cache.
      expect((await gw.admin.get(`/api/v1/providers/${id}/models`)).body).toMatchObject({ cached: true, models: [{ id: 'claude-one' }, { id: 'claude-two' }] });
    });
  });

  describe('models', () => {
    it('accepts a target whose provider another replica created a moment ago (not announced here yet)', async () => {
      const name = unique('elsewhere');
      // Written as another replica would, with no announcement to this one.
      const [row] = await sql(t.databaseUrl, `INSERT INTO providers (name, type) VALUES ($1, 'mock') RETURNING id`, [name]);
      const created = await gw.admin.post('/api/v1/models', { name: unique('fresh-model'), targets: [{ providerId: row.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
      expect(created.status).toBe(201);
      const nobody = await gw.admin.post('/api/v1/models', { name: unique('no-provider'), targets: [{ providerId: '00000000-0000-4000-8000-000000000000', upstreamModel: 'x' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 });
      expect([nobody.status, nobody.body.message]).toEqual([400, ['targets.0.providerId does not name a provider']]);
    });

    it('creates a model with targets and prices, and validates every field', async () => {
      const p = await gw.provider({ kind: 'mock' });
      const name = unique('catalog-model');
      const created = await gw.admin.post('/api/v1/models', {
        name,
        description: 'A test model',
        targets: [{ providerId: p.id, upstreamModel: 'mock-large', weight: 2, priority: 3 }],
        inputPriceUsdPerMTok: 1.25,
        outputPriceUsdPerMTok: 10,
        tiers: ['pro'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name,
        description: 'A test model',
        targets: [{ providerId: p.id, upstreamModel: 'mock-large', weight: 2, priority: 3, providerName: expect.any(String) }],
        inputPriceUsdPerMTok: 1.25,
        outputPriceUsdPerMTok: 10,
        tiers: ['pro'],
        enabled: true,
      });
      const target = { providerId: p.id, upstreamModel: 'mock-small' };
      const base = { name: unique('m'), targets: [target], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2 };
      const invalid: Array<Record<string, unknown>> = [
        { ...base, name: undefined },
        { ...base, name: 'has spaces' },
        { ...base, targets: undefined },
        { ...base, targets: [] },
        { ...base, targets: [{ providerId: 'not-a-uuid', upstreamModel: 'x' }] },
        { ...base, targets: [{ providerId: p.id }] },
        { ...base, targets: [{ ...target, priority: -1 }] },
        { ...base, targets: [{ ...target, weight: -2 }] },
        { ...base, inputPriceUsdPerMTok: -1 },
        { ...base, outputPriceUsdPerMTok: 'free' },
        { ...base, inputPriceUsdPerMTok: 0.1234567 },
        { ...base, tiers: ['gold'] },
        { ...base, enabled: 'yes' },
        { ...base, owner: 'extra field' },
      ];
      for (const body of invalid) {
        const res = await gw.admin.post('/api/v1/models', body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      const ghost = await gw.admin.post('/api/v1/models', { ...base, targets: [{ providerId: '00000000-0000-4000-8000-000000000000', upstreamModel: 'x' }] });
      expect(ghost.status).toBe(400);
      expect(JSON.stringify(ghost.body.message)).toMatch(/does not name a provider/);
      expect((await gw.admin.post('/api/v1/models', { ...base, name })).status).toBe(409);
      expect((await gw.admin.get('/api/v1/models/not-a-uuid')).status).toBe(400);
    });

    it('answers 400, not 500, for a price with more than six decimals written in exponent form', async () => {
      const p = await gw.provider({ kind: 'mock' });
      // JSON 1e-7 is a number with seven decimals (0.0000001): a validation error, like 0.1234567.
      const res = await gw.admin.post('/api/v1/models', `{"name":"${unique('tiny')}","targets":[{"providerId":"${p.id}","upstreamModel":"mock-small"}],"inputPriceUsdPerMTok":1e-7,"outputPriceUsdPerMTok":1}`, {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(400);
    });

    it('lets admins update and delete models; users read only enabled ones and write none', async () => {
      const route = await gw.route([{ kind: 'mock' }]);
      const other = await gw.route([{ kind: 'mock' }]);
      const user = await gw.user();
      expect((await user.client.post('/api/v1/models', { name: unique('m'), targets: [], inputPriceUsdPerMTok: 0, outputPriceUsdPerMTok: 0 })).status).toBe(403);
      expect((await user.client.patch(`/api/v1/models/${route.modelId}`, { enabled: false })).status).toBe(403);
      expect((await user.client.delete(`/api/v1/models/${route.modelId}`)).status).toBe(403);

      const patched = await gw.admin.patch(`/api/v1/models/${route.modelId}`, { inputPriceUsdPerMTok: 3.5, description: 'now cheaper' });
      expect(patched.body).toMatchObject({ inputPriceUsdPerMTok: 3.5, description: 'now cheaper', outputPriceUsdPerMTok: 2000 });
      expect((await gw.admin.patch(`/api/v1/models/${route.modelId}`, { name: other.model })).status).toBe(409);
      expect((await gw.admin.patch(`/api/v1/models/${route.modelId}`, { targets: [] })).status).toBe(400);

      expect((await gw.admin.patch(`/api/v1/models/${route.modelId}`, { enabled: false })).status).toBe(200);
      const seenByUser = (await user.client.get('/api/v1/models')).body.map((m: { name: string }) => m.name);
      expect(seenByUser).toContain(other.model);
      expect(seenByUser).not.toContain(route.model);
      expect((await user.client.get(`/api/v1/models/${route.modelId}`)).status).toBe(404);
      expect((await gw.admin.get('/api/v1/models')).body.map((m: { name: string }) => m.name)).toContain(route.model);

      expect((await gw.admin.delete(`/api/v1/models/${other.modelId}`)).status).toBe(204);
      expect((await gw.admin.delete(`/api/v1/models/${other.modelId}`)).status).toBe(404);
      const gone = await api(t.url, user.key).post('/v1/chat/completions', { model: other.model, messages: [{ role: 'user', content: 'x' }] });
      expect(gone.status).toBe(404);
    });

    it('keeps cache and long-context prices: set, read back, cleared with null, and validated', async () => {
      const p = await gw.provider({ kind: 'mock' });
      const base = { targets: [{ providerId: p.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 };
      const long = { longContextThresholdTokens: 200_000, longContextInputPriceUsdPerMTok: 6, longContextOutputPriceUsdPerMTok: 22.5 };
      const prices = { cacheReadPriceUsdPerMTok: 0.3, cacheWritePriceUsdPerMTok: 3.75, cacheWrite1hPriceUsdPerMTok: 6, ...long };
      const created = await gw.admin.post('/api/v1/models', { ...base, name: unique('cached'), ...prices });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(prices);
      const id = created.body.id;
      expect((await gw.admin.get(`/api/v1/models/${id}`)).body).toMatchObject(prices);
      const [row] = await sql(t.databaseUrl, 'SELECT * FROM models WHERE id = $1', [id]);
      expect(row).toMatchObject({ cache_read_price_micros: '300000', cache_write_1h_price_micros: '6000000' });
      expect(row).toMatchObject({ long_context_threshold_tokens: 200_000, long_context_output_price_micros: '22500000' });

      const patched = await gw.admin.patch(`/api/v1/models/${id}`, { cacheWritePriceUsdPerMTok: null });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ ...prices, cacheWritePriceUsdPerMTok: null });
      expect((await gw.admin.get(`/api/v1/models/${id}`)).body).toMatchObject({ ...prices, cacheWritePriceUsdPerMTok: null });
      const orphan = await gw.admin.patch(`/api/v1/models/${id}`, { longContextThresholdTokens: null });
      expect(orphan.status).toBe(400);
      expect(JSON.stringify(orphan.body.message)).toMatch(/longContextThresholdTokens is required with longContextInputPriceUsdPerMTok/);
      const noLong = { longContextThresholdTokens: null, longContextInputPriceUsdPerMTok: null, longContextOutputPriceUsdPerMTok: null };
      expect((await gw.admin.patch(`/api/v1/models/${id}`, noLong)).body).toMatchObject({ ...noLong, cacheReadPriceUsdPerMTok: 0.3 });

      const invalid: Array<[Record<string, unknown>, string]> = [
        [{ cacheReadPriceUsdPerMTok: -0.3 }, 'cacheReadPriceUsdPerMTok must be a dollar amount'],
        [{ cacheWritePriceUsdPerMTok: 'NaN' }, 'cacheWritePriceUsdPerMTok must be a dollar amount'],
        [{ cacheWrite1hPriceUsdPerMTok: 'Infinity' }, 'cacheWrite1hPriceUsdPerMTok must be a dollar amount'],
        [{ ...long, longContextInputPriceUsdPerMTok: '6' }, 'longContextInputPriceUsdPerMTok must be a dollar amount'],
        [{ ...long, longContextOutputPriceUsdPerMTok: 1e9 }, 'longContextOutputPriceUsdPerMTok must be a dollar amount'],
        [{ ...long, longContextThresholdTokens: 0 }, 'longContextThresholdTokens must be a whole number'],
        [{ ...long, longContextThresholdTokens: 1.5 }, 'longContextThresholdTokens must be a whole number'],
        [{ longContextThresholdTokens: 1000 }, 'longContextThresholdTokens needs longContextInputPriceUsdPerMTok or'],
        [{ longContextOutputPriceUsdPerMTok: 20 }, 'longContextThresholdTokens is required with'],
      ];
      for (const [extra, message] of invalid) {
        const res = await gw.admin.post('/api/v1/models', { ...base, name: unique('bad-price'), ...extra });
        const named = JSON.stringify(res.body.message).includes(message);
        expect({ extra, status: res.status, named }).toEqual({ extra, status: 400, named: true });
      }
    });

    it('answers null cache and long-context prices for a model created without them', async () => {
      const route = await gw.route([{ kind: 'mock' }]);
      const nulls = {
        cacheReadPriceUsdPerMTok: null,
        cacheWritePriceUsdPerMTok: null,
        cacheWrite1hPriceUsdPerMTok: null,
        longContextThresholdTokens: null,
        longContextInputPriceUsdPerMTok: null,
        longContextOutputPriceUsdPerMTok: null,
      };
      expect((await gw.admin.get(`/api/v1/models/${route.modelId}`)).body).toMatchObject(nulls);
      const listed = (await gw.admin.get('/api/v1/models')).body.find((m: { id: string }) => m.id === route.modelId);
      expect(listed).toMatchObject(nulls);
      const renamed = await gw.admin.patch(`/api/v1/models/${route.modelId}`, { description: 'no extra prices' });
      expect(renamed.body).toMatchObject(nulls);
    });

    it('routes to a new target as soon as the model is updated', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { text: 'old target' } }]);
      const fresh = await gw.provider({ kind: 'anthropic', behaviour: { text: 'new target' } });
      const u = await gw.user();
      expect((await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] })).choices[0].message.content).toBe('old target');
      await gw.admin.patch(`/api/v1/models/${route.modelId}`, { targets: [{ providerId: fresh.id, upstreamModel: 'claude-new' }] });
      expect((await u.openai.chat.completions.create({ model: route.model, messages: [{ role: 'user', content: 'x' }] })).choices[0].message.content).toBe('new target');
      expect(fresh.fake!.lastChat.model).toBe('claude-new');
    });
  });

  describe('GET /v1/models', () => {
    it('lists, in OpenAI list format, exactly the models this key may use', async () => {
      const open = await gw.route([{ kind: 'mock' }], { name: unique('aa-open') });
      const pro = await gw.route([{ kind: 'mock' }], { name: unique('bb-pro'), tiers: ['pro'] });
      const off = await gw.route([{ kind: 'mock' }], { name: unique('cc-off') });
      await gw.admin.patch(`/api/v1/models/${off.modelId}`, { enabled: false });

      const u = await gw.user();
      const res = await api(t.url, u.key).get('/v1/models');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(res.body.object).toBe('list');
      const ids = res.body.data.map((m: { id: string }) => m.id);
      expect(ids).toContain(open.model);
      expect(ids).not.toContain(pro.model);
      expect(ids).not.toContain(off.model);
      expect(ids).toEqual([...ids].sort());
      expect(res.body.data.find((m: { id: string }) => m.id === open.model)).toEqual({ id: open.model, object: 'model', created: expect.any(Number), owned_by: 'gateway' });

      // The SDK reads it, and a key restricted to one model sees only that one.
      const listed = await u.openai.models.list();
      expect(listed.data.map((m) => m.id)).toEqual(ids);
      const narrow = (await u.client.post('/api/v1/keys', { name: 'narrow', models: [open.model] })).body.key;
      expect((await gw.openai(narrow).models.list()).data.map((m) => m.id)).toEqual([open.model]);

      const missing = await api(t.url).get('/v1/models');
      expect(missing.status).toBe(401);
      expect(missing.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    });
  });

  describe('POST /v1/embeddings', () => {
    it('embeds through an OpenAI upstream with the official SDK, and bills the prompt tokens', async () => {
      const route = await gw.route([{ kind: 'openai', upstreamModel: 'text-embed-up' }]);
      const fake = route.providers[0].fake!;
      const u = await gw.user();
      // The SDK asks for base64 by default and decodes it.
      const { data, response } = await u.openai.embeddings.create({ model: route.model, input: ['first text', 'second'] }).withResponse();
      expect(data.data.map((d) => d.embedding)).toEqual([
        [10, 0, 0.5],
        [6, 1, 0.5],
      ]);
      expect(fake.to('/v1/embeddings')[0].body.encoding_format).toBe('base64');
      const floats = await u.openai.embeddings.create({ model: route.model, input: 'abc', encoding_format: 'float' });
      expect(floats.data[0].embedding).toEqual([3, 0, 0.5]);
      expect(data.usage).toEqual({ prompt_tokens: 6, total_tokens: 6 });
      const sent = fake.to('/v1/embeddings')[0];
      expect(sent.body).toMatchObject({ model: 'text-embed-up', input: ['first text', 'second'] });
      expect(sent.headers.authorization).toBe('Bearer sk-upstream-openai-secret-1234');
      expect(response.headers.get('server-timing')).toMatch(/^gw;dur=[\d.]+, upstream;dur=[\d.]+$/);
      expect(response.headers.get('x-ratelimit-limit')).toBe('60');
      const row = await gw.usageRow(u, response.headers.get('x-request-id')!);
      expect(row).toMatchObject({ endpoint: '/v1/embeddings', status: 200, promptTokens: 6, completionTokens: 0, upstreamModel: null, provider: null });
      expect(row.costUsd).toBeCloseTo((6 * 1000) / 1e6, 9);
    });

    it('fails over to the next target, and uses the mock provider’s embeddings', async () => {
      const route = await gw.route([{ kind: 'openai', behaviour: { failStatus: 503 } }, { kind: 'mock', upstreamModel: 'mock-embed' }]);
      const u = await gw.user();
      // The mock answers floats; the SDK's default base64 request must still decode to the same unit vector.
      const res = await u.openai.embeddings.create({ model: route.model, input: 'hello' });
      const asFloats = await u.openai.embeddings.create({ model: route.model, input: 'hello', encoding_format: 'float' });
      expect(res.data).toHaveLength(1);
      expect(res.data[0].embedding).toHaveLength(8);
      expect(Math.hypot(...res.data[0].embedding)).toBeCloseTo(1, 5);
      res.data[0].embedding.forEach((v, i) => expect(v).toBeCloseTo(asFloats.data[0].embedding[i], 6));
      expect(route.providers[0].fake!.to('/v1/embeddings')).toHaveLength(2);
    });

    it('refuses models without embeddings, unknown models and bad input, in the OpenAI format', async () => {
      const chatOnly = await gw.route([{ kind: 'anthropic' }]);
      const u = await gw.user();
      const unsupported = await u.openai.embeddings.create({ model: chatOnly.model, input: 'x' }).catch((e) => e);
      expect(unsupported).toBeInstanceOf(OpenAI.BadRequestError);
      expect(unsupported.error).toMatchObject({ code: 'embeddings_unsupported', type: 'invalid_request_error' });
      expect(chatOnly.providers[0].fake!.requests).toHaveLength(0);

      const unknown = await api(t.url, u.key).post('/v1/embeddings', { model: 'nope', input: 'x' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('model_not_found');
      const bad = await api(t.url, u.key).post('/v1/embeddings', { model: chatOnly.model, input: [] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^input/);
      const failing = await gw.route([{ kind: 'openai', behaviour: { failStatus: 500 } }]);
      const upstreamDown = await api(t.url, u.key).post('/v1/embeddings', { model: failing.model, input: 'x' });
      expect(upstreamDown.status).toBe(502);
      expect(upstreamDown.body.error).toMatchObject({ type: 'upstream_error', message: expect.stringContaining('Fake upstream failure 500') });
    });
  });

  it('serves the gateway with a mock provider that needs no baseUrl and no key', async () => {
    const created = await gw.admin.post('/api/v1/providers', { name: unique('mock-only'), type: 'mock' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'mock', baseUrl: null, apiKey: null });
    const model = await gw.admin.post('/api/v1/models', { name: unique('mock-model'), targets: [{ providerId: created.body.id, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 0, outputPriceUsdPerMTok: 0 });
    const u = await gw.user({ creditsUsd: 0 });
    const res = await u.openai.chat.completions.create({ model: model.body.name, messages: [{ role: 'user', content: DEFAULT_TEXT }] });
    expect(res.choices[0].message.content).toContain('Mock reply to: "Hello from the fake upstream');
  });
});
