/**
 * Lua run atomically in Redis. Window counters are `<prefix>:<window index>`, read as a
 * sliding window: the current window plus the previous one weighted by what is left of it.
 */
const SLIDING = `
local function sliding(prefix, cur, elapsed)
  local c = tonumber(redis.call('GET', prefix .. ':' .. cur) or '0')
  local p = tonumber(redis.call('GET', prefix .. ':' .. (cur - 1)) or '0')
  return c + p * (1 - elapsed)
end
`;

/**
 * KEYS: 1 rpm prefix, 2 tpm prefix, 3 balance hash {b, r}, 4 quota hash {u, r}, 5 holds zset
 * ARGV: 1 now ms, 2 rpm, 3 tpm, 4 hold wanted, 5 quota (-1 none), 6 hold member, 7 hold deadline, 8 window ms
 * Returns {status, value, limit, remaining, reset}: status 1 admitted (value = hold),
 * 0 refused (value = reason), -1 balance not loaded, -2 quota not loaded.
 */
export const ADMIT = `${SLIDING}
local now = tonumber(ARGV[1]); local rpm = tonumber(ARGV[2]); local tpm = tonumber(ARGV[3])
local want = tonumber(ARGV[4]); local quota = tonumber(ARGV[5]); local win = tonumber(ARGV[8])
local cur = math.floor(now / win); local elapsed = (now % win) / win
local reset = math.ceil((win - (now % win)) / 1000)
local limit, remaining = 0, 0
if rpm > 0 then
  local used = sliding(KEYS[1], cur, elapsed)
  limit = rpm; remaining = math.floor(rpm - used - 1)
  if used + 1 > rpm then return {0, 'rpm', rpm, 0, reset} end
end
if tpm > 0 then
  local used = sliding(KEYS[2], cur, elapsed)
  if used >= tpm then return {0, 'tpm', limit, math.max(remaining, 0), reset} end
end
local hold = 0
if want > 0 then
  local b = redis.call('HGET', KEYS[3], 'b')
  if not b then return {-1, 'balance', 0, 0, 0} end
  local available = tonumber(b) - tonumber(redis.call('HGET', KEYS[3], 'r') or '0')
  if available <= 0 then return {0, 'credits', limit, math.max(remaining, 0), reset} end
  hold = math.min(want, available)
  local quotaPartial = false
  if quota >= 0 then
    local u = redis.call('HGET', KEYS[4], 'u')
    if not u then return {-2, 'quota', 0, 0, 0} end
    local left = quota - tonumber(u) - tonumber(redis.call('HGET', KEYS[4], 'r') or '0')
    if left <= 0 then return {0, 'quota', limit, math.max(remaining, 0), reset} end
    if left < hold then hold = left; quotaPartial = true end
  end
  -- A hold smaller than the estimate may be overspent; allow one such request at a time,
  -- so concurrent requests overspend by at most one request's worth.
  if hold < want then
    local flag = quotaPartial and KEYS[4] or KEYS[3]
    if redis.call('HEXISTS', flag, 'p') == 1 then return {0, quotaPartial and 'quota' or 'credits', limit, math.max(remaining, 0), reset} end
    redis.call('HSET', flag, 'p', ARGV[6])
  end
  if quota >= 0 then redis.call('HINCRBY', KEYS[4], 'r', hold) end
  redis.call('HINCRBY', KEYS[3], 'r', hold)
  redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6] .. '|' .. hold)
end
if rpm > 0 then
  local k = KEYS[1] .. ':' .. cur
  redis.call('INCR', k); redis.call('PEXPIRE', k, win * 2)
end
return {1, hold, limit, math.max(remaining, 0), reset}
`;

/**
 * KEYS: 1 balance hash, 2 quota hash, 3 holds zset, 4 tpm prefix, 5 settled marker, 6 outbox list
 * ARGV: 1 hold member (with |hold), 2 hold, 3 cost, 4 tokens, 5 now ms, 6 has quota (1/0), 7 window ms, 8 record json, 9 member sans hold
 * Exactly once per request: the settled marker makes a second call a no-op.
 */
export const SETTLE = `
if redis.call('SET', KEYS[5], '1', 'NX', 'PX', 86400000) == false then return 0 end
local hold = tonumber(ARGV[2]); local cost = tonumber(ARGV[3]); local tokens = tonumber(ARGV[4])
if hold > 0 and redis.call('ZREM', KEYS[3], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'r', -hold)
  if ARGV[6] == '1' then redis.call('HINCRBY', KEYS[2], 'r', -hold) end
end
if redis.call('HGET', KEYS[1], 'p') == ARGV[9] then redis.call('HDEL', KEYS[1], 'p') end
if redis.call('HGET', KEYS[2], 'p') == ARGV[9] then redis.call('HDEL', KEYS[2], 'p') end
if cost > 0 then
  if redis.call('HEXISTS', KEYS[1], 'b') == 1 then redis.call('HINCRBY', KEYS[1], 'b', -cost) end
  if ARGV[6] == '1' and redis.call('HEXISTS', KEYS[2], 'u') == 1 then redis.call('HINCRBY', KEYS[2], 'u', cost) end
end
if tokens > 0 then
  local win = tonumber(ARGV[7])
  local k = KEYS[4] .. ':' .. math.floor(tonumber(ARGV[5]) / win)
  redis.call('INCRBY', k, tokens); redis.call('PEXPIRE', k, win * 2)
end
redis.call('RPUSH', KEYS[6], ARGV[8])
return 1
`;

/** KEYS: 1 hash. ARGV: 1 field, 2 value. Sets the committed figure only if not yet loaded. */
export const LOAD = `
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSETNX', KEYS[1], 'r', 0)
return 1
`;

/**
 * KEYS: 1 holds zset. ARGV: 1 now ms, 2 key prefix. Releases every expired hold.
 * Members are `userId|keyId|requestId|hold`.
 */
export const SWEEP = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, m in ipairs(expired) do
  local user, key, _, hold = string.match(m, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  if user and redis.call('ZREM', KEYS[1], m) == 1 then
    local owner = user .. '|' .. key .. '|' .. _
    local bal = ARGV[2] .. 'bal:' .. user
    redis.call('HINCRBY', bal, 'r', -tonumber(hold))
    if redis.call('HGET', bal, 'p') == owner then redis.call('HDEL', bal, 'p') end
    if key ~= '' then
      local kq = ARGV[2] .. 'kq:' .. key
      redis.call('HINCRBY', kq, 'r', -tonumber(hold))
      if redis.call('HGET', kq, 'p') == owner then redis.call('HDEL', kq, 'p') end
    end
  end
end
return #expired
`;
