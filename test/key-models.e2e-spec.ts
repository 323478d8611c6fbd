/**
 * Keys refuse models their holder may not use (their tier; for a team key also the team's
 * allow-list), naming them; the models a user may use, with every price, for the console.
 */
import { randomUUID } from 'node:crypto';
import { api, login, newUser } from './support/http';
import { startTestApp, type TestApp } from './support/test-app';

describe('key models and the models a user may use (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  const names = { open: `open-${randomUUID().slice(0, 6)}`, pro: `pro-${randomUUID().slice(0, 6)}`, off: `off-${randomUUID().slice(0, 6)}` };
  beforeAll(async () => {
    t = await startTestApp();
    admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
    const provider = (await admin.post('/api/v1/providers', { name: `p-${randomUUID().slice(0, 6)}`, type: 'mock' })).body.id;
    const model = (name: string, extra: Record<string, unknown>) =>
      admin.post('/api/v1/models', { name, targets: [{ providerId: provider, upstreamModel: 'mock-small' }], inputPriceUsdPerMTok: 1, outputPriceUsdPerMTok: 2, ...extra });
    await model(names.open, { cacheReadPriceUsdPerMTok: 0.1, cacheWritePriceUsdPerMTok: 1.25 });
    await model(names.pro, { tiers: ['pro', 'enterprise'] });
    await model(names.off, { enabled: false });
  });
  afterAll(() => t.close());

  it('refuses (400, named) a key whose models the holder\'s tier may not use, on create and on edit', async () => {
    const u = await newUser(t.url);
    const refused = await u.client.post('/api/v1/keys', { name: 'k', models: [names.open, names.pro] });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual([`models: "${names.pro}" may not be used by the key's user (tier free)`]);
    const key = await u.client.post('/api/v1/keys', { name: 'k', models: [names.open, 'not-published-yet'] });
    expect(key.status).toBe(201);
    const patched = await u.client.patch(`/api/v1/keys/${key.body.id}`, { models: [names.pro] });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body.message)).toContain(names.pro);
    expect((await u.client.get(`/api/v1/keys/${key.body.id}`)).body.models).toEqual([names.open, 'not-published-yet']);

    // An admin making a key for them is held to the user's tier, not the admin's; a tier change lifts it.
    expect((await admin.post('/api/v1/keys', { name: 'for-u', userId: u.id, models: [names.pro] })).status).toBe(400);
    await admin.patch(`/api/v1/admin/users/${u.id}`, { tier: 'pro' });
    expect((await admin.post('/api/v1/keys', { name: 'for-u', userId: u.id, models: [names.pro] })).status).toBe(201);
    expect((await admin.patch(`/api/v1/keys/${key.body.id}`, { models: [names.pro] })).status).toBe(200);
  });

  it("holds a team key to its holder's tier and the team's allowed models", async () => {
    const [owner, member] = [await newUser(t.url), await newUser(t.url)];
    const team = (await admin.post('/api/v1/teams', { name: 'Narrow', slug: `narrow-${randomUUID().slice(0, 8)}`, allowedModels: [names.pro] })).body.id;
    await admin.post(`/api/v1/teams/${team}/members`, { userId: owner.id, role: 'owner' });
    await admin.post(`/api/v1/teams/${team}/members`, { userId: member.id, role: 'member' });
    await admin.patch(`/api/v1/admin/users/${owner.id}`, { tier: 'pro' });
    const outside = await owner.client.post('/api/v1/keys', { name: 't', teamId: team, models: [names.open] });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body.message)).toContain(names.open);
    expect((await owner.client.post('/api/v1/keys', { name: 't', teamId: team, models: [names.pro] })).status).toBe(201);
    // The member holding the key is on the free tier.
    expect((await owner.client.post('/api/v1/keys', { name: 't', teamId: team, userId: member.id, models: [names.pro] })).status).toBe(400);

    // What the owner's edit form offers for a member's key is the member's (free tier, team-narrowed), not the owner's.
    const members = (await owner.client.post('/api/v1/keys', { name: 'm', teamId: team, userId: member.id })).body.id;
    const offered = (await owner.client.get(`/api/v1/keys/${members}/models`)).body;
    expect(offered.tier).toBe('free');
    expect(offered.items).toEqual([]);
    await admin.patch(`/api/v1/admin/users/${member.id}`, { tier: 'pro' });
    const afterPromotion = (await owner.client.get(`/api/v1/keys/${members}/models`)).body;
    expect(afterPromotion.items.map((m: { name: string }) => m.name)).toEqual([names.pro]);
    expect(afterPromotion.items[0].targets).toEqual([]);
    expect((await owner.client.patch(`/api/v1/keys/${members}`, { models: [names.pro] })).status).toBe(200);
    // The member reads it for their own key; strangers get the key's 404.
    expect((await member.client.get(`/api/v1/keys/${members}/models`)).status).toBe(200);
    expect((await (await newUser(t.url)).client.get(`/api/v1/keys/${members}/models`)).status).toBe(404);
    // Admins see the targets (they may read them).
    expect((await admin.get(`/api/v1/keys/${members}/models`)).body.items[0].targets).toHaveLength(1);
  });

  it("offers a personal key's holder's models to an admin editing it, not the admin's", async () => {
    const u = await newUser(t.url);
    const key = (await u.client.post('/api/v1/keys', { name: 'k' })).body.id;
    const offered = (await admin.get(`/api/v1/keys/${key}/models`)).body;
    expect(offered.tier).toBe('free');
    const listed = offered.items.map((m: { name: string }) => m.name);
    expect(listed).toContain(names.open);
    expect(listed).not.toContain(names.pro);
    expect(listed).not.toContain(names.off);
    expect((await u.client.get(`/api/v1/keys/${key}/models`)).body.items.map((m: { name: string }) => m.name)).toEqual(listed);
  });

  it('lists the models a user may use with every price; admins ask for any user', async () => {
    const u = await newUser(t.url);
    const mine = (await u.client.get('/api/v1/models/usable')).body;
    expect(mine.tier).toBe('free');
    const listed = mine.items.map((m: { name: string }) => m.name);
    expect(listed).toContain(names.open);
    expect(listed).not.toContain(names.pro);
    expect(listed).not.toContain(names.off);
    expect(mine.items.find((m: { name: string }) => m.name === names.open)).toMatchObject({
      inputPriceUsdPerMTok: 1,
      outputPriceUsdPerMTok: 2,
      cacheReadPriceUsdPerMTok: 0.1,
      cacheWritePriceUsdPerMTok: 1.25,
      targets: [],
    });
    expect((await u.client.get(`/api/v1/models/usable?userId=${randomUUID()}`)).status).toBe(403);
    await admin.patch(`/api/v1/admin/users/${u.id}`, { tier: 'enterprise' });
    const forU = (await admin.get(`/api/v1/models/usable?userId=${u.id}`)).body;
    expect(forU.tier).toBe('enterprise');
    expect(forU.items.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining([names.open, names.pro]));
    expect((await admin.get(`/api/v1/models/usable?userId=${randomUUID()}`)).status).toBe(404);
    expect((await admin.get('/api/v1/models/usable?userId=nope')).status).toBe(400);
  });
});
