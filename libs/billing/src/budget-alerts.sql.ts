/**
 * Run by the usage writer in the transaction that wrote a batch, for the subjects the batch charged
 * ($1: `[{subject, kind: key|user|team, at}]`, `at` the latest row's time): every alert threshold of
 * their budgets that the period's committed spend has reached becomes a `budget.threshold`
 * notification, once per subject, period, budget amount and threshold (the unique `dedupe`; checked
 * against the spend, not the batch, so a threshold is never skipped); an account whose balance fell
 * below its low-balance mark gets one `balance.low`, until a grant lifts it above the mark again.
 * Returns how many notifications were written.
 */
export const ALERTS_SQL = `
WITH touched AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(subject uuid, kind text, at timestamptz)
),
budgets AS (
  SELECT t.subject, t.kind, t.at, b.* FROM touched t
  JOIN LATERAL (
    SELECT quota_micros AS micros, budget_period AS period, budget_alerts AS alerts,
      CASE WHEN team_id IS NULL THEN user_id END AS user_id, team_id, id AS key_id, format('API key "%s"', name) AS label
    FROM api_keys WHERE t.kind = 'key' AND id = t.subject
    UNION ALL
    SELECT budget_micros, budget_period, budget_alerts, id, NULL::uuid, NULL::uuid, email FROM users WHERE t.kind = 'user' AND id = t.subject
    UNION ALL
    SELECT budget_micros, budget_period, budget_alerts, NULL::uuid, id, NULL::uuid, format('Team "%s"', name) FROM teams WHERE t.kind = 'team' AND id = t.subject
  ) b ON b.micros IS NOT NULL
),
windows AS (
  SELECT *,
    CASE WHEN period = 'total' THEN NULL ELSE date_trunc(period, at AT TIME ZONE 'UTC')::date END AS since,
    CASE WHEN period = 'total' THEN NULL ELSE (date_trunc(period, at AT TIME ZONE 'UTC') + ('1 ' || period)::interval)::date END AS until
  FROM budgets
),
spent AS (
  SELECT w.*, (SELECT COALESCE(SUM(s.spent_micros), 0) FROM budget_spend s
    WHERE s.subject_id = w.subject AND (w.since IS NULL OR s.day >= w.since) AND (w.until IS NULL OR s.day < w.until)) AS spent
  FROM windows w
),
crossed AS (
  SELECT s.*, a.threshold FROM spent s CROSS JOIN LATERAL unnest(s.alerts) AS a(threshold)
  WHERE s.spent * 100 >= s.micros * a.threshold
),
budget_events AS (
  -- clock_timestamp(), row by row in threshold order: events of one batch list in the order they were crossed.
  INSERT INTO notifications (type, user_id, team_id, key_id, dedupe, data, text, created_at)
  SELECT 'budget.threshold', user_id, team_id, key_id,
    concat_ws(':', 'budget', subject, period, COALESCE(since::text, 'total'), micros, threshold),
    jsonb_build_object('subject', jsonb_build_object('type', kind, 'id', subject, 'name', label), 'threshold', threshold,
      'budgetUsd', micros / 1e6, 'spentUsd', spent / 1e6, 'period', period, 'periodStart', since, 'resetsAt', until),
    format('%s has passed %s%% of its %s budget: $%s of $%s spent%s', label, threshold,
      CASE period WHEN 'day' THEN 'daily' WHEN 'week' THEN 'weekly' WHEN 'month' THEN 'monthly' ELSE 'total' END,
      trim_scale(round(spent / 1e6, 6)), trim_scale(round(micros / 1e6, 6)), CASE WHEN until IS NULL THEN '' ELSE format(' (resets %s)', until) END),
    clock_timestamp()
  FROM (SELECT * FROM crossed ORDER BY subject, threshold) c
  ON CONFLICT (dedupe) DO NOTHING
  RETURNING 1
),
low_users AS (
  UPDATE users u SET low_balance_alerted = true FROM touched t
  WHERE t.kind = 'user' AND u.id = t.subject AND u.low_balance_micros IS NOT NULL AND u.balance_micros < u.low_balance_micros AND NOT u.low_balance_alerted
  RETURNING u.id AS user_id, NULL::uuid AS team_id, u.email AS label, u.balance_micros, u.low_balance_micros
),
low_teams AS (
  UPDATE teams tm SET low_balance_alerted = true FROM touched t
  WHERE t.kind = 'team' AND tm.id = t.subject AND tm.low_balance_micros IS NOT NULL AND tm.balance_micros < tm.low_balance_micros AND NOT tm.low_balance_alerted
  RETURNING NULL::uuid AS user_id, tm.id AS team_id, format('Team "%s"', tm.name) AS label, tm.balance_micros, tm.low_balance_micros
),
balance_events AS (
  INSERT INTO notifications (type, user_id, team_id, dedupe, data, text)
  SELECT 'balance.low', user_id, team_id, concat_ws(':', 'balance', COALESCE(user_id, team_id), gen_random_uuid()),
    jsonb_build_object('account', jsonb_build_object('type', CASE WHEN team_id IS NULL THEN 'user' ELSE 'team' END, 'id', COALESCE(user_id, team_id), 'name', label),
      'balanceUsd', balance_micros / 1e6, 'thresholdUsd', low_balance_micros / 1e6),
    format('%s has a balance of $%s, below its alert mark of $%s', label, trim_scale(round(balance_micros / 1e6, 6)), trim_scale(round(low_balance_micros / 1e6, 6)))
  FROM (SELECT * FROM low_users UNION ALL SELECT * FROM low_teams) l
  RETURNING 1
)
SELECT (SELECT count(*) FROM budget_events)::int + (SELECT count(*) FROM balance_events)::int AS written
`;
