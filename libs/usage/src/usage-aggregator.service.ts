import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Rolls usage_logs of one UTC day into usage_daily (day, user, key, model, provider).
 * Idempotent: a day's rows are replaced as a whole, in one transaction; a past day is
 * then marked complete so reports read it from usage_daily.
 */
@Injectable()
export class UsageAggregator {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async aggregateDay(day: string): Promise<{ day: string; groups: number; complete: boolean }> {
    const complete = day < new Date().toISOString().slice(0, 10);
    return this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM usage_daily WHERE day = $1', [day]);
      const inserted = await tx.query(
        `INSERT INTO usage_daily (day, user_id, key_id, team_id, model, provider, user_tier, requests, errors, prompt_tokens, completion_tokens,
                                  cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_micros, cache_savings_micros, latency_p50_ms, latency_p95_ms)
         SELECT $1::date, user_id, COALESCE(key_id::text, ''), COALESCE(MAX(team_id::text), ''), model, COALESCE(provider, ''), COALESCE(MAX(user_tier), ''),
                count(*), count(*) FILTER (WHERE status >= 400 OR error IS NOT NULL), SUM(prompt_tokens), SUM(completion_tokens),
                SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost_micros), SUM(cache_savings_micros), percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms), percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)
         FROM usage_logs
         WHERE created_at >= $1::date AT TIME ZONE 'UTC' AND created_at < ($1::date + 1) AT TIME ZONE 'UTC'
         GROUP BY user_id, COALESCE(key_id::text, ''), model, COALESCE(provider, '')
         RETURNING 1`,
        [day],
      );
      if (complete) {
        await tx.query(
          `INSERT INTO usage_aggregated_days (day, aggregated_at) VALUES ($1, now()) ON CONFLICT (day) DO UPDATE SET aggregated_at = now()`,
          [day],
        );
      }
      return { day, groups: inserted.length, complete };
    });
  }

  /** Every day from `from` to `to` (inclusive, YYYY-MM-DD). */
  async aggregateRange(from: string, to: string) {
    const results = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
      results.push(await this.aggregateDay(d.toISOString().slice(0, 10)));
    }
    return results;
  }
}
