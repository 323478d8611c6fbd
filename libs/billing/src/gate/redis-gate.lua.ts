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
 * KEYS: 1 rpm prefix, 2 tpm prefix, 3 balance hash {b, r}, 4 key budget hash {u, r}, 5 holds zset,
 * 6 account budget hash {u, r}, 7 team rpm prefix, 8 team tpm prefix
 * ARGV: 1 now ms, 2 rpm, 3 tpm, 4 hold wanted, 5 key budget (-1 none), 6 hold member, 7 hold deadline,
 * 8 window ms, 9 account budget (-1 none), 10 team rpm, 11 team tpm
 * Returns {status, value, limit, remaining, reset}: status 1 admitted (value = hold), 0 refused
 * (value = reason), -1 balance not loaded, -2 key budget not loaded, -3 account budget not loaded.
 */
export const ADMIT = `${SLIDING}
local now = tonumber(ARGV[1]); local rpm = tonumber(ARGV[2]); local tpm = tonumber(ARGV[3])
local want = tonumber(ARGV[4]); local win = tonumber(ARGV[8])
local teamRpm = tonumber(ARGV[10]); local teamTpm = tonumber(ARGV[11])
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
if teamRpm > 0 and sliding(KEYS[7], cur, elapsed) + 1 > teamRpm then return {0, 'team_rpm', limit, math.max(remaining, 0), reset} end
if teamTpm > 0 and sliding(KEYS[8], cur, elapsed) >= teamTpm then return {0, 'team_tpm', limit, math.max(remaining, 0), reset} end
local hold = 0
if want > 0 then
  local br = redis.call('HMGET', KEYS[3], 'b', 'r')
  if not br[1] then return {-1, 'balance', 0, 0, 0} end
  local available = tonumber(br[1]) - tonumber(br[2] or '0')
  if available <= 0 then return {0, 'credits', limit, math.max(remaining, 0), reset} end
  hold = math.min(want, available)
  local flag, reason = KEYS[3], 'credits'
  local budgets = {}
  -- Most keys have no budget: no slot tables built for them.
  if tonumber(ARGV[5]) >= 0 or tonumber(ARGV[9]) >= 0 then
    for i, slot in ipairs({{4, 5, 'budget_key'}, {6, 9, 'budget_account'}}) do
      local budget = tonumber(ARGV[slot[2]])
      if budget >= 0 then
        local ur = redis.call('HMGET', KEYS[slot[1]], 'u', 'r')
        if not ur[1] then return {-1 - i, 'budget', 0, 0, 0} end
        local left = budget - tonumber(ur[1]) - tonumber(ur[2] or '0')
        if left <= 0 then return {0, slot[3], limit, math.max(remaining, 0), reset} end
        if left < hold then hold = left; flag = KEYS[slot[1]]; reason = slot[3] end
        budgets[#budgets + 1] = KEYS[slot[1]]
      end
    end
  end
  -- A hold smaller than the estimate may be overspent; allow one such request at a time per
  -- figure, so concurrent requests overspend a balance or a budget by at most one request's worth.
  if hold < want then
    if redis.call('HEXISTS', flag, 'p') == 1 then return {0, reason, limit, math.max(remaining, 0), reset} end
    redis.call('HSET', flag, 'p', ARGV[6])
  end
  for _, b in ipairs(budgets) do redis.call('HINCRBY', b, 'r', hold) end
  redis.call('HINCRBY', KEYS[3], 'r', hold)
  redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6] .. '|' .. hold)
end
if rpm > 0 then
  local k = KEYS[1] .. ':' .. cur
  if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, win * 2) end
end
if teamRpm > 0 then
  local k = KEYS[7] .. ':' .. cur
  if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, win * 2) end
end
return {1, hold, limit, math.max(remaining, 0), reset}
`;

/**
 * How long a settled marker lives: a settlement is applied again only by a retried call (seconds
 * later) or by the next process replaying a journal entry applied in the instant before its
 * confirmation was written. One key per request: 24 h would be ~86 M keys (~7 GB) a day at
 * 1,000 req/s; an hour is ~360 MB.
 */
export const SETTLED_MARKER_TTL_MS = 60 * 60_000;

/**
 * Charges settled while a balance or quota was not loaded wait this long for the next load; by
 * then PostgreSQL has long had their rows, and the committed figure includes them.
 */
const PENDING_TTL_MS = 24 * 3600_000;

/**
 * Settles a batch of requests in one call (each Lua call costs Redis far more than the
 * commands inside it). ARGV: 1 key prefix, then one per settlement: its journal line, 18
 * tab-separated fields: 1 balance hash, 2 key budget hash, 3 holds zset, 4 tpm prefix, 5 settled
 * marker, 6 outbox list (key names without the prefix), 7 hold member (with |hold), 8 hold, 9 cost,
 * 10 tokens, 11 now ms, 12 has key budget (1/0), 13 window ms, 14 record json, 15 member sans hold,
 * 16 account budget hash, 17 has account budget (1/0), 18 team tpm prefix (empty: none).
 * Lines of 15 fields (journalled before account budgets) are read as having none of 16–18.
 * Exactly once per request: the settled marker makes a second settlement a no-op.
 * What the batch's settlements do to one hash, window or list is summed and written once at the
 * end (under load a batch is mostly one key's requests): the state afterwards is the same as
 * applying them one by one, for about half of Redis's CPU per settlement. That holds if the
 * script stops half-way too: the only error a settlement can meet is OOM on its first write (Redis
 * refuses a script's writes for memory only until it has written once), before anything is applied.
 * Returns how many were applied (not already settled).
 */
export const SETTLE_MANY = `
local function fields(line)
  local f, start = {}, 1
  while true do
    local tab = string.find(line, '\\t', start, true)
    if not tab then f[#f + 1] = string.sub(line, start); return f end
    f[#f + 1] = string.sub(line, start, tab - 1)
    start = tab + 1
  end
end
local prefix = ARGV[1]
-- Per hash (prefixed): its figure's field, the sums to add to it and to its reservations, and its overspend flag.
local hashes, order = {}, {}
local function hash(key, field)
  local h = hashes[key]
  if not h then
    h = {key = key, field = field, figure = 0, reserved = 0, flag = redis.call('HGET', key, 'p'), loaded = redis.call('HEXISTS', key, field) == 1}
    hashes[key] = h
    order[#order + 1] = h
  end
  return h
end
local function settle(h, name, sign, hold, released, owner, cost, marker)
  if released then h.reserved = h.reserved - hold end
  if h.flag == owner then h.flag = nil; h.clear = true end
  if cost > 0 then
    -- A figure not loaded (Redis lost it) keeps the charge aside for LOAD, which knows whether PostgreSQL has it.
    if h.loaded then h.figure = h.figure + sign * cost
    else
      local pend = prefix .. 'pend:' .. name
      redis.call('HSET', pend, marker, cost)
      redis.call('PEXPIRE', pend, ${PENDING_TTL_MS})
    end
  end
end
local windows, windowOrder = {}, {}
local function bump(p, now, win, tokens)
  local k = prefix .. p .. ':' .. math.floor(now / win)
  local w = windows[k]
  if not w then w = {key = k, sum = 0, win = win}; windows[k] = w; windowOrder[#windowOrder + 1] = w end
  w.sum = w.sum + tokens
end
local lists, listOrder = {}, {}
local lastBal, lastH
local applied = 0
for i = 2, #ARGV do
  local a = fields(ARGV[i])
  if (#a == 15 or #a == 18) and redis.call('SET', prefix .. a[5], '1', 'NX', 'PX', ${SETTLED_MARKER_TTL_MS}) then
    local hold = tonumber(a[8]); local cost = tonumber(a[9]); local tokens = tonumber(a[10])
    local released = hold > 0 and redis.call('ZREM', prefix .. a[3], a[7]) == 1
    if a[1] ~= lastBal then lastBal = a[1]; lastH = hash(prefix .. a[1], 'b') end
    settle(lastH, a[1], -1, hold, released, a[15], cost, a[5])
    if a[12] == '1' then settle(hash(prefix .. a[2], 'u'), a[2], 1, hold, released, a[15], cost, a[5]) end
    if a[17] == '1' then settle(hash(prefix .. a[16], 'u'), a[16], 1, hold, released, a[15], cost, a[5]) end
    if tokens > 0 then
      local now, win = tonumber(a[11]), tonumber(a[13])
      bump(a[4], now, win, tokens)
      if a[18] and a[18] ~= '' then bump(a[18], now, win, tokens) end
    end
    local list = lists[a[6]]
    if not list then list = {key = prefix .. a[6]}; lists[a[6]] = list; listOrder[#listOrder + 1] = list end
    list[#list + 1] = a[14]
    applied = applied + 1
  end
end
for _, h in ipairs(order) do
  if h.reserved ~= 0 then redis.call('HINCRBY', h.key, 'r', h.reserved) end
  if h.clear then redis.call('HDEL', h.key, 'p') end
  if h.figure ~= 0 then redis.call('HINCRBY', h.key, h.field, h.figure) end
end
for _, w in ipairs(windowOrder) do
  if redis.call('INCRBY', w.key, w.sum) == w.sum then redis.call('PEXPIRE', w.key, w.win * 2) end
end
for _, list in ipairs(listOrder) do
  for i = 1, #list, 1000 do redis.call('RPUSH', list.key, unpack(list, i, math.min(i + 999, #list))) end
end
return applied
`;

/**
 * KEYS: 1 hash, 2 its pending charges (`settled:<requestId>` → cost). ARGV: 1 field, 2 the
 * committed figure, 3 sign of a charge (-1 balance, 1 budget spend), 4 time to live in ms (0: none),
 * 5… the pending charges that figure already includes (read in the same database snapshot). Sets
 * the figure only if not yet loaded, with the pending charges it lacks applied.
 */
export const LOAD = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  local included = {}
  for i = 5, #ARGV do included[ARGV[i]] = true end
  local value = tonumber(ARGV[2]); local sign = tonumber(ARGV[3])
  local pending = redis.call('HGETALL', KEYS[2])
  for i = 1, #pending, 2 do
    if not included[pending[i]] then value = value + sign * tonumber(pending[i + 1]) end
  end
  redis.call('HSET', KEYS[1], ARGV[1], value)
  if tonumber(ARGV[4]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
  redis.call('DEL', KEYS[2])
end
redis.call('HSETNX', KEYS[1], 'r', 0)
return 1
`;

/**
 * Removes one hold and gives back what it reserved; true if it was there. Members are
 * `accountId|keyBudget|accountBudget|requestId|hold` (budget hashes unprefixed, empty when none),
 * or `userId|quotaKeyId|requestId|hold` as journalled before budgets.
 */
const RELEASE = `
local function release(holds, m, prefix)
  local account, kb, ab, id, hold = string.match(m, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  local owner
  if account then
    owner = account .. '|' .. kb .. '|' .. ab .. '|' .. id
  else
    local key
    account, key, id, hold = string.match(m, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
    if not account then return false end
    owner = account .. '|' .. key .. '|' .. id
    kb, ab = key ~= '' and ('kq:' .. key) or '', ''
  end
  if redis.call('ZREM', holds, m) == 0 then return false end
  for _, h in ipairs({'bal:' .. account, kb, ab}) do
    if h ~= '' then
      redis.call('HINCRBY', prefix .. h, 'r', -tonumber(hold))
      if redis.call('HGET', prefix .. h, 'p') == owner then redis.call('HDEL', prefix .. h, 'p') end
    end
  end
  return true
end
`;

/** KEYS: 1 holds zset. ARGV: 1 now ms, 2 key prefix. Releases every expired hold. */
export const SWEEP = `${RELEASE}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, m in ipairs(expired) do release(KEYS[1], m, ARGV[2]) end
return #expired
`;

/**
 * Admissions whose reply never came (a timeout, a lost connection): Redis may have run them all
 * the same. KEYS: 1 holds zset. ARGV: 1 key prefix, 2… `deadline<TAB>member sans hold`.
 * Releases the hold each one placed, if any; returns the positions (from 1) of those released.
 */
export const RELEASE_DOUBTFUL = `${RELEASE}
local released = {}
for i = 2, #ARGV do
  local tab = string.find(ARGV[i], '\t', 1, true)
  local deadline, owner = string.sub(ARGV[i], 1, tab - 1), string.sub(ARGV[i], tab + 1) .. '|'
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], deadline, deadline)) do
    if string.sub(m, 1, #owner) == owner and release(KEYS[1], m, ARGV[1]) then released[#released + 1] = i - 1 end
  end
end
return released
`;
