import { Client } from 'pg';
import { waitFor } from '@gateway/testing';
import { api, login, newUser } from './http';
import type { GatewayAddress } from './test-app';

export interface MockSetup {
  admin: ReturnType<typeof api>;
  providerId: string;
  model: string;
  user: Awaited<ReturnType<typeof newUser>>;
  key: string;
  keyId: string;
}

/** An admin-made mock provider and priced model, and a user with credits and a key. */
export async function mockSetup(
  t: GatewayAddress,
  opts: { inputPrice?: number; outputPrice?: number; creditsUsd?: number; key?: Record<string, unknown>; headers?: Record<string, string>; model?: string } = {},
): Promise<MockSetup> {
  const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
  const name = `mock-${Math.random().toString(36).slice(2, 8)}`;
  const provider = await admin.post('/api/v1/providers', { name, type: 'mock', headers: opts.headers ?? {} });
  if (provider.status !== 201) throw new Error(`provider: ${JSON.stringify(provider.body)}`);
  const model = opts.model ?? `m-${name}`;
  const created = await admin.post('/api/v1/models', {
    name: model,
    targets: [{ providerId: provider.body.id, upstreamModel: 'mock-small' }],
    inputPriceUsdPerMTok: opts.inputPrice ?? 1,
    outputPriceUsdPerMTok: opts.outputPrice ?? 2,
  });
  if (created.status !== 201) throw new Error(`model: ${JSON.stringify(created.body)}`);
  const user = await newUser(t.url);
  if (opts.creditsUsd) await admin.post('/api/v1/admin/credits/grant', { userId: user.id, amountUsd: opts.creditsUsd });
  const key = await user.client.post('/api/v1/keys', { name: 'test', ...opts.key });
  return { admin, providerId: provider.body.id, model, user, key: key.body.key, keyId: key.body.id };
}

export async function sql<T = any>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Wait until the usage writer has written `count` rows for this user. */
export function usageRows(databaseUrl: string, userId: string, count: number, timeoutMs = 10_000): Promise<any[]> {
  return waitFor(async () => {
    const rows = await sql(databaseUrl, 'SELECT * FROM usage_logs WHERE user_id = $1 ORDER BY created_at', [userId]);
    return rows.length >= count ? rows : null;
  }, timeoutMs) as Promise<any[]>;
}
/** The ledger invariant: each user's cached balance equals the sum of their ledger. */
export async function ledgerMismatches(databaseUrl: string) {
  // Every account: a user's own (entries without a team) and each team's.
  return sql(
    databaseUrl,
    `SELECT u.id, u.balance_micros, COALESCE(SUM(l.amount_micros), 0) AS ledger
     FROM users u LEFT JOIN ledger_entries l ON l.user_id = u.id AND l.team_id IS NULL
     GROUP BY u.id HAVING u.balance_micros <> COALESCE(SUM(l.amount_micros), 0)
     UNION ALL
     SELECT tm.id, tm.balance_micros, COALESCE(SUM(l.amount_micros), 0)
     FROM teams tm LEFT JOIN ledger_entries l ON l.team_id = tm.id
     GROUP BY tm.id HAVING tm.balance_micros <> COALESCE(SUM(l.amount_micros), 0)`,
  );
}

export const chat = (url: string, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
