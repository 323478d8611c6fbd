import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { Agent, request } from 'undici';
import { ATTEMPT_TIMEOUT_MS } from './delivery-policy';
import { targetLookup, targetProblem, targetRules, type TargetRules } from './webhook-target';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

const SNIPPET_BYTES = 300;

/** One POST per attempt, never following redirects; it never throws: the outcome says what happened. */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly rules: TargetRules;
  private readonly agent: Agent;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.rules = targetRules(config);
    this.agent = new Agent({ keepAliveTimeout: 10_000, connect: { lookup: targetLookup(this.rules), timeout: ATTEMPT_TIMEOUT_MS } });
  }

  async send(url: string, body: string, headers: Record<string, string>, timeoutMs = ATTEMPT_TIMEOUT_MS): Promise<SendOutcome> {
    const problem = targetProblem(url, this.rules);
    if (problem) return { ok: false, statusCode: null, error: problem };
    try {
      const res = await request(url, { method: 'POST', body, headers, dispatcher: this.agent, signal: AbortSignal.timeout(timeoutMs), headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const snippet = await readSnippet(res.body);
      if (res.statusCode >= 200 && res.statusCode < 300) return { ok: true, statusCode: res.statusCode, error: null };
      return { ok: false, statusCode: res.statusCode, error: `HTTP ${res.statusCode}${snippet ? `: ${snippet}` : ''}` };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT') return { ok: false, statusCode: null, error: `timed out after ${timeoutMs} ms` };
      const cause = (err.cause as NodeJS.ErrnoException | undefined) ?? err;
      return { ok: false, statusCode: null, error: `${cause.code ?? cause.name}: ${cause.message}`.slice(0, SNIPPET_BYTES) };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

/** The start of the receiver's answer, on one line (the rest is dropped). */
async function readSnippet(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= SNIPPET_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_BYTES).replace(/\s+/g, ' ').trim();
}
