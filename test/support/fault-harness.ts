/**
 * Load and accounting checks for the fault-injection suites (test/faults): a load that records
 * every answer (status, request id, whether its body arrived whole, how long it took), a
 * "quiesce" that waits until the usage rows stop changing, and the invariants that say nothing
 * was lost or doubled: counted in PostgreSQL and Redis, not read off status codes.
 */
import Redis from 'ioredis';
import { ledgerMismatches, sql } from './gateway-setup';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Answer {
  /** Order in which the request was sent. */
  seq: number;
  stream: boolean;
  /** HTTP status; 0 when no answer head arrived (connection refused or cut). */
  status: number;
  requestId: string | null;
  /** The body arrived whole: a JSON completion, or a stream up to `data: [DONE]`. */
  complete: boolean;
  /** The gateway's error code (`gate_unavailable`…) or the client's error. */
  code: string | null;
  /** `refused`: never reached the gateway; `broken`: the connection broke during the exchange. */
  failure: 'refused' | 'broken' | null;
  startedAt: number;
  ms: number;
  /** The text the client received (a stream's content deltas, or the completion's message). */
  content: string;
}

export interface LoadOptions {
  /** The gateway's current URL (it may change when the gateway is restarted). */
  url: () => string;
  key: string;
  model: string;
  concurrency: number;
  /** At most this many requests with an HTTP answer (the load also stops on `stop()`). */
  total: number;
  /** Every `streamEvery`-th request streams (1: all, 0: none); default 2. */
  streamEvery?: number;
  /** A request giving up after this long counts as `broken`. */
  requestTimeoutMs?: number;
  /** Pause of a worker after an answer that was not a 200 (so an outage does not spin thousands of requests). */
  backoffMs?: number;
}

export interface Load {
  readonly answers: Answer[];
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
  /** Resolves once `n` requests have been answered with a 200 and a whole body. */
  answered(n: number, timeoutMs?: number): Promise<void>;
  /** Stop sending; resolves with every answer once the requests in flight have ended. */
  stop(): Promise<Answer[]>;
  /** Resolves when the load ends on its own (total reached) or after `stop()`. */
  finished: Promise<Answer[]>;
}

/** One chat completion, timed and classified. */
export async function chatOnce(url: string, key: string, model: string, stream: boolean, seq: number, timeoutMs = 30_000, maxTokens?: number): Promise<Answer> {
  const startedAt = Date.now();
  const answer: Answer = { seq, stream, status: 0, requestId: null, complete: false, code: null, failure: null, startedAt, ms: 0, content: '' };
  try {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        messages: [{ role: 'user', content: `fault load request ${seq}: say something short` }],
        ...(stream ? { stream: true } : {}),
        ...(maxTokens ? { max_tokens: maxTokens } : {}),
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    answer.status = res.status;
    answer.requestId = res.headers.get('x-request-id');
    try {
      const text = await res.text();
      if (res.status === 200) {
        answer.content = stream ? streamedContent(text) : String(safeJson(text)?.choices?.[0]?.message?.content ?? '');
        answer.complete = stream ? /data: \[DONE\]\s*$/.test(text) && !/"error"/.test(text) : Array.isArray(safeJson(text)?.choices);
        if (!answer.complete) answer.code = /"error"/.test(text) ? 'stream_error_event' : 'incomplete_body';
      } else answer.code = safeJson(text)?.error?.code ?? safeJson(text)?.error?.type ?? String(res.status);
    } catch (e) {
      answer.failure = 'broken';
      answer.code = causeCode(e);
    }
  } catch (e) {
    const code = causeCode(e);
    answer.code = code;
    answer.failure = code === 'ECONNREFUSED' ? 'refused' : 'broken';
  }
  answer.ms = Date.now() - startedAt;
  return answer;
}

/** The content deltas of an OpenAI chat stream, joined. */
function streamedContent(text: string): string {
  let content = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    content += safeJson(line.slice(6))?.choices?.[0]?.delta?.content ?? '';
  }
  return content;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function causeCode(e: unknown): string {
  const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string }; message?: string };
  return err.cause?.code ?? err.code ?? err.cause?.name ?? err.name ?? String(err.message ?? e);
}

/** N chat requests with limited concurrency, some streaming; every answer recorded. */
export function startLoad(options: LoadOptions): Load {
  const answers: Answer[] = [];
  const streamEvery = options.streamEvery ?? 2;
  let seq = 0;
  let httpAnswers = 0;
  let stopped = false;
  let inFlight = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const good = () => answers.filter((a) => a.status === 200 && a.complete).length;
  const notify = () => {
    const n = good();
    for (const w of waiters.splice(0)) {
      if (n >= w.n) w.resolve();
      else waiters.push(w);
    }
  };
  const worker = async () => {
    // A hard cap on attempts, in case the gateway never comes back.
    while (!stopped && httpAnswers < options.total && seq < options.total * 20) {
      const mine = seq++;
      const stream = streamEvery > 0 && mine % streamEvery === 0;
      inFlight++;
      const answer = await chatOnce(options.url(), options.key, options.model, stream, mine, options.requestTimeoutMs);
      inFlight--;
      answers.push(answer);
      if (answer.status) httpAnswers++;
      notify();
      if (answer.status !== 200 || answer.failure) await sleep(options.backoffMs ?? 100);
    }
  };
  const finished = Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => {
    stopped = true;
    return answers.sort((a, b) => a.seq - b.seq);
  });
  return {
    answers,
    get inFlight() {
      return inFlight;
    },
    answered(n, timeoutMs = 30_000) {
      if (good() >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`load: ${n} answers not within ${timeoutMs} ms (${good()} so far)`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    stop() {
      stopped = true;
      return finished;
    },
    finished,
  };
}

/** Wait until this user's usage rows and ledger stop changing (and every answered id has its row), up to `maxMs`. */
export async function quiesce(databaseUrl: string, userId: string, answeredIds: string[], maxMs = 30_000, stableMs = 2_000): Promise<{ ms: number; settled: boolean }> {
  const started = Date.now();
  let last = '';
  let since = Date.now();
  for (;;) {
    const [state] = await sql(
      databaseUrl,
      `SELECT (SELECT count(*) FROM usage_logs WHERE user_id = $1)::int AS rows,
              (SELECT count(*) FROM ledger_entries WHERE user_id = $1)::int AS ledger,
              (SELECT count(*) FROM usage_logs WHERE request_id = ANY($2::text[]))::int AS answered`,
      [userId, answeredIds],
    ).catch(() => [{ rows: -1, ledger: -1, answered: -1 }]);
    const now = Date.now();
    const key = `${state.rows}/${state.ledger}`;
    if (key !== last) {
      last = key;
      since = now;
    }
    const allThere = state.answered >= answeredIds.length;
    if (allThere && now - since >= stableMs) return { ms: now - started, settled: true };
    if (now - started >= maxMs) return { ms: now - started, settled: false };
    await sleep(250);
  }
}

export interface Figures {
  /** Requests sent, and those with a 200 and a whole body ("answered"). */
  sent: number;
  answered: number;
  /** 200 heads whose body broke off, and requests whose connection broke (kill -9). */
  interrupted: number;
  refused: number;
  /** Non-200 answers, by code. */
  refusedByGateway: Record<string, number>;
  rows: number;
  rows200: number;
  charges: number;
  chargedMicros: number;
  /** Answered requests without a usage row. */
  lost: number;
  /** Request ids with more than one usage row or more than one charge. */
  doubled: number;
  /** Usage rows with status 200 for no request the client saw answered with a 200. */
  unseen200: number;
  /** Answers of any status seen with an id that has no usage row (informational). */
  seenWithoutRow: number;
  /** Ledger problems: a row with cost > 0 without its one charge of -cost, a charge for a row of cost 0, a charge without a row. */
  chargeProblems: string[];
  ledgerMismatches: number;
  dbBalanceMicros: number;
  /** The gate's view of the balance in Redis (null: not loaded there). */
  redisBalanceMicros: number | null;
  /** The gate's reserved total (`r`) and partial-hold flag (`p`) for this user. */
  redisReservedMicros: number | null;
  redisPartialFlag: string | null;
  /** Holds of this user still in Redis: `key member score`. */
  holds: string[];
  lostIds: string[];
  doubledIds: string[];
}

/** Count everything for one user after a fault and its quiescing. */
export async function figures(databaseUrl: string, redisUrl: string, prefix: string, userId: string, answers: Answer[]): Promise<Figures> {
  const answeredIds = answers.filter((a) => a.status === 200 && a.complete && a.requestId).map((a) => a.requestId!);
  const seenIds = new Set(answers.filter((a) => a.requestId).map((a) => a.requestId!));
  const rows = await sql<{ request_id: string; status: number; cost_micros: string }>(databaseUrl, 'SELECT request_id, status, cost_micros FROM usage_logs WHERE user_id = $1', [userId]);
  const charges = await sql<{ request_id: string | null; amount_micros: string }>(databaseUrl, "SELECT request_id, amount_micros FROM ledger_entries WHERE user_id = $1 AND type = 'charge'", [userId]);
  const rowsById = new Map<string, Array<(typeof rows)[number]>>();
  for (const r of rows) rowsById.set(r.request_id, [...(rowsById.get(r.request_id) ?? []), r]);
  const chargesById = new Map<string, Array<(typeof charges)[number]>>();
  for (const c of charges) chargesById.set(c.request_id ?? '(none)', [...(chargesById.get(c.request_id ?? '(none)') ?? []), c]);

  const lostIds = answeredIds.filter((id) => !rowsById.has(id));
  const doubledIds = [...new Set([...[...rowsById].filter(([, rs]) => rs.length > 1).map(([id]) => id), ...[...chargesById].filter(([, cs]) => cs.length > 1).map(([id]) => id)])];
  // A 200 head the client saw counts as seen even when its body broke off (an upstream cut mid-stream).
  const seen200 = new Set(answers.filter((a) => a.status === 200 && a.requestId).map((a) => a.requestId!));
  const unseen200 = rows.filter((r) => r.status === 200 && !seen200.has(r.request_id)).length;
  const chargeProblems: string[] = [];
  for (const r of rows) {
    const cost = Number(r.cost_micros);
    const cs = chargesById.get(r.request_id) ?? [];
    if (cost > 0 && (cs.length !== 1 || Number(cs[0].amount_micros) !== -cost)) chargeProblems.push(`${r.request_id}: cost ${cost}, charges [${cs.map((c) => c.amount_micros).join(',')}]`);
    if (cost === 0 && cs.length) chargeProblems.push(`${r.request_id}: cost 0 but charged [${cs.map((c) => c.amount_micros).join(',')}]`);
  }
  for (const [id] of chargesById) if (!rowsById.has(id)) chargeProblems.push(`${id}: a charge without a usage row`);

  const [user] = await sql<{ balance_micros: string }>(databaseUrl, 'SELECT balance_micros FROM users WHERE id = $1', [userId]);
  const gate = await gateState(redisUrl, prefix, userId);
  const refusedByGateway: Record<string, number> = {};
  for (const a of answers.filter((x) => x.status && x.status !== 200)) refusedByGateway[`${a.status} ${a.code}`] = (refusedByGateway[`${a.status} ${a.code}`] ?? 0) + 1;
  return {
    sent: answers.length,
    answered: answeredIds.length,
    interrupted: answers.filter((a) => (a.status === 200 && !a.complete) || a.failure === 'broken').length,
    refused: answers.filter((a) => a.failure === 'refused').length,
    refusedByGateway,
    rows: rows.length,
    rows200: rows.filter((r) => r.status === 200).length,
    charges: charges.length,
    chargedMicros: -charges.reduce((s, c) => s + Number(c.amount_micros), 0),
    lost: lostIds.length,
    doubled: doubledIds.length,
    unseen200,
    seenWithoutRow: [...seenIds].filter((id) => !rowsById.has(id)).length,
    chargeProblems,
    ledgerMismatches: (await ledgerMismatches(databaseUrl)).length,
    dbBalanceMicros: Number(user.balance_micros),
    ...gate,
    lostIds,
    doubledIds,
  };
}

/** The gate's state for one user in (our own) Redis: balance hash and every hold of the user. */
export async function gateState(redisUrl: string, prefix: string, userId: string): Promise<Pick<Figures, 'redisBalanceMicros' | 'redisReservedMicros' | 'redisPartialFlag' | 'holds'>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const bal = await redis.hgetall(`${prefix}bal:${userId}`);
    const holds: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}holds*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        if ((await redis.type(key)) !== 'zset') continue;
        const entries = await redis.zrange(key, 0, -1, 'WITHSCORES');
        for (let i = 0; i < entries.length; i += 2) if (entries[i].startsWith(`${userId}|`)) holds.push(`${key} ${entries[i]} ${entries[i + 1]}`);
      }
    } while (cursor !== '0');
    return {
      redisBalanceMicros: bal.b === undefined ? null : Number(bal.b),
      redisReservedMicros: bal.r === undefined ? null : Number(bal.r),
      redisPartialFlag: bal.p ?? null,
      holds,
    };
  } finally {
    redis.disconnect();
  }
}

/** Figures once the gate's balance in Redis agrees with PostgreSQL (settlements apply a few ms after the rows land), or after `timeoutMs`. */
export async function settledFigures(databaseUrl: string, redisUrl: string, prefix: string, userId: string, answers: Answer[], timeoutMs = 5_000): Promise<Figures> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const f = await figures(databaseUrl, redisUrl, prefix, userId, answers);
    const agreed = f.redisBalanceMicros === null || f.redisBalanceMicros === f.dbBalanceMicros;
    if ((agreed && !f.holds.length) || Date.now() > deadline) return f;
    await sleep(250);
  }
}

/** One line for the test output. */
export function summary(name: string, f: Figures, extra: Record<string, unknown> = {}): string {
  const parts = {
    sent: f.sent,
    answered: f.answered,
    interrupted: f.interrupted,
    refused: f.refused,
    rows: f.rows,
    rows200: f.rows200,
    charges: f.charges,
    lost: f.lost,
    doubled: f.doubled,
    unseen200: f.unseen200,
    chargeProblems: f.chargeProblems.length,
    ledgerMismatches: f.ledgerMismatches,
    dbBalance: f.dbBalanceMicros,
    redisBalance: f.redisBalanceMicros,
    reserved: f.redisReservedMicros,
    holdsLeft: f.holds.length,
    ...extra,
  };
  return `[fault] ${name}: ${Object.entries(parts)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' ')} non200=${JSON.stringify(f.refusedByGateway)}`;
}

/**
 * Where the gate's Redis has these requests (diagnosis of lost ones): a settled marker (the
 * settlement was applied there), in the outbox list, in a claim list of a usage writer.
 */
export async function whereabouts(redisUrl: string, prefix: string, requestIds: string[]): Promise<{ settledMarkers: number; inOutbox: number; inClaimLists: number; claimLists: Record<string, number> }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    let settledMarkers = 0;
    for (const id of requestIds) settledMarkers += await redis.exists(`${prefix}settled:${id}`);
    const has = (records: string[]) => requestIds.filter((id) => records.some((r) => r.includes(`"requestId":"${id}"`))).length;
    const inOutbox = has(await redis.lrange(`${prefix}usage:outbox`, 0, -1));
    const claimLists: Record<string, number> = {};
    let inClaimLists = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}usage:claim:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const records = await redis.lrange(key, 0, -1);
        claimLists[key] = records.length;
        inClaimLists += has(records);
      }
    } while (cursor !== '0');
    return { settledMarkers, inOutbox, inClaimLists, claimLists };
  } finally {
    redis.disconnect();
  }
}
