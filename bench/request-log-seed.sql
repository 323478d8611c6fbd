-- Seed a throwaway gateway database (migrations applied) with :rows usage rows over 90 days,
-- shaped like a busy deployment: 2,000 users with 2-3 keys each, 20 models used unevenly
-- (the busiest takes 28% of the traffic, the rarest about 0.2%), 5% team keys, 3% errors.
-- Used by request-log-plans.js; run it only on a database made for the measurement.
INSERT INTO users (id, email, tier)
SELECT md5('user' || i)::uuid, 'user' || i || '@bench.example', 'pro' FROM generate_series(1, 2000) i;

INSERT INTO teams (id, name, slug)
SELECT md5('team' || i)::uuid, 'Team ' || i, 'team-' || i FROM generate_series(1, 50) i;

-- Key k belongs to user (k % 2000) + 1.
INSERT INTO api_keys (id, user_id, name, prefix, key_hash)
SELECT md5('key' || k)::uuid, md5('user' || (k % 2000 + 1))::uuid, 'key ' || k, 'gw-bench', md5('hash' || k)
FROM generate_series(1, 5000) k;

-- Bulk load: drop usage_logs' indexes and primary key, load, then build them again as the
-- migrations defined them (far quicker than maintaining them row by row).
SET maintenance_work_mem = '1GB';
CREATE TEMP TABLE bench_saved AS
  SELECT format('ALTER TABLE usage_logs ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)) AS ddl, 1 AS ord, format('ALTER TABLE usage_logs DROP CONSTRAINT %I', conname) AS drop_ddl
  FROM pg_constraint WHERE conrelid = 'usage_logs'::regclass AND contype = 'p'
  UNION ALL
  SELECT indexdef, 2, format('DROP INDEX %I', indexname) FROM pg_indexes
  WHERE tablename = 'usage_logs' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'usage_logs'::regclass);
DO $$ DECLARE r record; BEGIN FOR r IN SELECT drop_ddl FROM bench_saved ORDER BY ord DESC LOOP EXECUTE r.drop_ddl; END LOOP; END $$;

INSERT INTO usage_logs (request_id, user_id, key_id, team_id, model, provider_id, provider, upstream_model, endpoint, stream, status,
  prompt_tokens, completion_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, usage_source, cost_micros, cache_savings_micros,
  latency_ms, ttft_ms, attempts, error, user_tier, created_at)
SELECT md5('req' || i)::uuid::text,
  md5('user' || (k % 2000 + 1))::uuid,
  md5('key' || k)::uuid,
  CASE WHEN k % 20 = 0 THEN md5('team' || (k % 50 + 1))::uuid END,
  'model-' || m,
  md5('provider' || (m % 4))::uuid, 'provider-' || (m % 4), 'upstream-' || m,
  CASE WHEN i % 10 = 0 THEN '/v1/messages' ELSE '/v1/chat/completions' END,
  i % 3 = 0,
  CASE WHEN i % 100 < 2 THEN 429 WHEN i % 100 = 2 THEN 502 ELSE 200 END,
  200 + i % 3000, 50 + i % 700, (i % 5) * 100, 0, i % 7 * 10, 'reported', 300 + i % 5000, 0,
  200 + i % 4000, CASE WHEN i % 3 = 0 THEN 100 + i % 900 END, 1,
  CASE WHEN i % 100 < 2 THEN 'rate limited upstream' WHEN i % 100 = 2 THEN 'upstream failed' END,
  'pro',
  -- Spread evenly over the 90 days before the seed, microsecond timestamps, in random order.
  now() - (random() * interval '90 days')
FROM (
  SELECT i, (hashint4(i)::bigint & 2147483647) % 5000 + 1 AS k,
    -- Skewed (exponential): model-1 28%, model-16 0.19%.
    LEAST(20, 1 + floor(-ln(1 - ((hashint4(i + 7)::bigint & 2147483647) / 2147483648.0)) * 3))::int AS m
  FROM generate_series(1, :rows) i
) s;

DO $$ DECLARE r record; BEGIN FOR r IN SELECT ddl FROM bench_saved ORDER BY ord LOOP EXECUTE r.ddl; END LOOP; END $$;
ANALYZE;
