import { waitFor } from '@gateway/testing';
import { chat, mockSetup, type MockSetup, usageRows } from '../support/gateway-setup';
import { startTestApp, TestApp } from '../support/test-app';

const hello = [{ role: 'user', content: 'Say hello to the ledger' }];

/** A user's billing history (theirs, and the admin's page about them): filters, limits, usage by day. */
describe('ledger and user views', () => {
  let t: TestApp;
  let s: MockSetup;

  beforeAll(async () => {
    t = await startTestApp();
    s = await mockSetup(t, { inputPrice: 3, outputPrice: 15, creditsUsd: 5 });
    expect((await s.admin.post('/api/v1/admin/credits/grant', { userId: s.user.id, amountUsd: -1.25, note: 'refund of a promo' })).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await chat(t.url, s.key, { model: s.model, messages: hello })).status).toBe(200);
    await usageRows(t.databaseUrl, s.user.id, 2);
    // The charges reach the ledger with the usage rows' batch.
    await waitFor(async () => ((await s.user.client.get('/api/v1/users/me/credits?type=charge')).body.total === 2 ? true : null), 10_000);
  }, 60_000);
  afterAll(() => t?.close());

  it('filters a user’s own ledger by type and time', async () => {
    const all = (await s.user.client.get('/api/v1/users/me/credits')).body;
    expect(all.history.map((e: { type: string }) => e.type).sort()).toEqual(['adjustment', 'charge', 'charge', 'grant']);
    const adjustments = (await s.user.client.get('/api/v1/users/me/credits?type=adjustment')).body;
    expect(adjustments).toMatchObject({ total: 1, history: [{ type: 'adjustment', amountUsd: -1.25, note: 'refund of a promo' }] });
    const charges = (await s.user.client.get('/api/v1/users/me/credits?type=charge')).body;
    expect(charges.history.every((e: { type: string; requestId: string | null }) => e.type === 'charge' && e.requestId)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await s.user.client.get(`/api/v1/users/me/credits?from=${today}&to=${today}`)).body.total).toBe(4);
    expect((await s.user.client.get(`/api/v1/users/me/credits?from=${tomorrow}`)).body.total).toBe(0);
    // The balance is the account's whatever the filter.
    expect((await s.user.client.get(`/api/v1/users/me/credits?from=${tomorrow}`)).body.balanceUsd).toBe(all.balanceUsd);
  });

  it('refuses a range that ends before it starts, an unknown type and a bad date with 400', async () => {
    const backwards = await s.user.client.get('/api/v1/users/me/credits?from=2026-12-05&to=2026-12-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.message).toEqual(['from must be before to']);
    expect((await s.user.client.get('/api/v1/users/me/credits?type=gift')).status).toBe(400);
    expect((await s.user.client.get('/api/v1/users/me/credits?from=yesterday')).status).toBe(400);
  });

  it('gives admins one user’s view with the tier’s limits, their ledger and their usage by day', async () => {
    const me = (await s.user.client.get('/api/v1/users/me')).body;
    expect(me.limits).toEqual({ rpm: 60, tpm: 100_000 });
    const view = await s.admin.get(`/api/v1/admin/users/${s.user.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: s.user.id, tier: 'free', balanceUsd: me.balanceUsd, limits: { rpm: 60, tpm: 100_000 } });
    const ledger = (await s.admin.get(`/api/v1/admin/users/${s.user.id}/credits?type=adjustment`)).body;
    expect(ledger.history).toEqual([expect.objectContaining({ amountUsd: -1.25, note: 'refund of a promo' })]);
    const byDay = (await s.admin.get(`/api/v1/admin/users/${s.user.id}/usage?groupBy=day`)).body;
    expect(byDay.items).toEqual([expect.objectContaining({ requests: 2 })]);
    const rows = (await s.admin.get(`/api/v1/admin/users/${s.user.id}/usage`)).body;
    expect(rows.total).toBe(2);
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await s.admin.get(`/api/v1/admin/users/${nobody}`)).status).toBe(404);
    expect((await s.admin.get(`/api/v1/admin/users/${nobody}/credits`)).status).toBe(404);
  });
});
