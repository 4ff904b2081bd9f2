// Key names and write scripts of the Redis accounts read model: plain code (no Nest), so that tools and tests write
// exactly what AccountStore writes.

/** Points of an account's score history kept (the oldest go first). */
export const ACCOUNT_HISTORY_LENGTH = 500;

/**
 * Redis keys of the accounts. Per account (the company name, any characters): its leads' engagement scores, their
 * display fields and stage, its leads per stage and its score history. Across accounts: the order by score, by
 * number of leads and by name, the summaries, the running sums, the account each lead is in, and the strategy.
 */
export function accountKeys(keyPrefix: string) {
  const base = `${keyPrefix}:accounts:`;
  return {
    /** Prefix of the per-account keys below, also passed to the scripts (which build them the same way). */
    base,
    leadAccounts: `${base}lead-accounts`,
    strategy: `${base}strategy`,
    byScore: `${base}by-score`,
    byLeads: `${base}by-leads`,
    /** Every account with score 0: lexical order (ZRANGE BYLEX). */
    names: `${base}names`,
    summaries: `${base}summaries`,
    sums: `${base}sums`,
    scores: (account: string) => `${base}a:${account}:scores`,
    leads: (account: string) => `${base}a:${account}:leads`,
    stages: (account: string) => `${base}a:${account}:stages`,
    history: (account: string) => `${base}a:${account}:history`,
  };
}

/** The KEYS every account script takes, in this order. */
export function accountScriptKeys(keys: ReturnType<typeof accountKeys>): string[] {
  return [keys.leadAccounts, keys.strategy, keys.byScore, keys.byLeads, keys.names, keys.summaries, keys.sums];
}

/**
 * What the scripts share. KEYS: 1 lead -> account ('' for none), 2 the strategy hash, 3 accounts by score, 4 by
 * leads, 5 by name, 6 summaries (JSON), 7 running sums. ARGV[1] the per-account key prefix, ARGV[2] the time of
 * the change (ISO-8601, for the score history).
 *
 * The strategy hash holds the current `strategy` and `n`, the ruleset `version` they came from, an `epoch` bumped
 * whenever they change, and `applied`: the epoch every summary was last rescored under. While `applied` lags, some
 * summaries may still have the old strategy's score, and a rescore of all accounts is due (AccountStore does it).
 * Every summary a script writes takes the current strategy from the hash, inside the script, so a write never mixes
 * a stale strategy into an account.
 */
const PRELUDE = `
local base, at = ARGV[1], ARGV[2]
local function akey(account, part) return base .. 'a:' .. account .. ':' .. part end
local function signature(strategy, n)
  if strategy == 'top_n_average' then return strategy .. ':' .. tostring(n) end
  return strategy
end
local function whole(n) n = math.floor(tonumber(n) or 3) if n < 1 then n = 1 end return n end

-- Takes the caller's strategy when its ruleset version is newer than the stored one (or, with force, not older).
-- Returns 1 when a rescore of every account is due.
local function adopt(version, strategy, n, force)
  version, n = tonumber(version), whole(n)
  local cur = redis.call('HMGET', KEYS[2], 'version', 'strategy', 'n', 'epoch', 'applied')
  if not cur[1] then
    redis.call('HSET', KEYS[2], 'version', version, 'strategy', strategy, 'n', n, 'epoch', 1, 'applied', 1)
    return 0
  end
  local stored = tonumber(cur[1])
  if version > stored or (force and version == stored) then
    redis.call('HSET', KEYS[2], 'version', version)
    if signature(strategy, n) ~= signature(cur[2], whole(cur[3])) then
      redis.call('HSET', KEYS[2], 'strategy', strategy, 'n', n, 'epoch', tonumber(cur[4]) + 1)
      return 1
    end
  end
  if redis.call('HGET', KEYS[2], 'epoch') ~= redis.call('HGET', KEYS[2], 'applied') then return 1 end
  return 0
end

local function round2(x) return math.floor(x * 100 + 0.5) / 100 end

-- Writes the account's summary, its place in the three orders and its score history from its per-account sets.
-- An account without leads is removed. Returns the summary (JSON) and whether its score changed.
local function summarize(account)
  local scoresKey = akey(account, 'scores')
  local count = redis.call('ZCARD', scoresKey)
  local previous = redis.call('ZSCORE', KEYS[3], account)
  if count == 0 then
    redis.call('DEL', scoresKey, akey(account, 'leads'), akey(account, 'stages'), akey(account, 'history'))
    redis.call('HDEL', KEYS[7], account)
    redis.call('HDEL', KEYS[6], account)
    redis.call('ZREM', KEYS[3], account)
    redis.call('ZREM', KEYS[4], account)
    redis.call('ZREM', KEYS[5], account)
    return cjson.encode({ account = account, score = 0, leads = 0, engaged_leads = 0, best_lead = cjson.null, stages = {} }), previous ~= false
  end
  local s = redis.call('HMGET', KEYS[2], 'strategy', 'n')
  local strategy, n = s[1] or 'sum', whole(s[2])
  local score
  if strategy == 'max' then
    score = tonumber(redis.call('ZREVRANGE', scoresKey, 0, 0, 'WITHSCORES')[2])
  elseif strategy == 'top_n_average' then
    local top = redis.call('ZREVRANGE', scoresKey, 0, n - 1, 'WITHSCORES')
    local total = 0
    for i = 2, #top, 2 do total = total + tonumber(top[i]) end
    score = round2(total / (#top / 2))
  else
    score = tonumber(redis.call('HGET', KEYS[7], account) or '0')
  end
  local best = redis.call('ZREVRANGE', scoresKey, 0, 0, 'WITHSCORES')
  local info = cjson.decode(redis.call('HGET', akey(account, 'leads'), best[1]) or '{}')
  local flat = redis.call('HGETALL', akey(account, 'stages'))
  local stages = {}
  for i = 1, #flat, 2 do stages[flat[i]] = tonumber(flat[i + 1]) end
  local summary = cjson.encode({
    account = account, score = score, leads = count,
    engaged_leads = redis.call('ZCOUNT', scoresKey, '(0', '+inf'),
    best_lead = { lead_id = best[1], email = info.email or cjson.null, name = info.name or cjson.null, score = tonumber(best[2]) },
    stages = stages,
  })
  local changed = previous == false or tonumber(previous) ~= score
  if changed then
    -- One point per change time: the leads of one job (one time) moving an account leave their net result.
    local history = akey(account, 'history')
    local last = redis.call('LINDEX', history, -1)
    local point = cjson.encode({ at = at, score = score })
    if last and cjson.decode(last).at == at then
      redis.call('LSET', history, -1, point)
    else
      redis.call('RPUSH', history, point)
      redis.call('LTRIM', history, -${ACCOUNT_HISTORY_LENGTH}, -1)
    end
  end
  redis.call('ZADD', KEYS[3], score, account)
  redis.call('ZADD', KEYS[4], count, account)
  redis.call('ZADD', KEYS[5], 0, account)
  redis.call('HSET', KEYS[6], account, summary)
  return summary, changed
end

local function stageStep(account, stage, by)
  local left = redis.call('HINCRBY', akey(account, 'stages'), stage, by)
  if left <= 0 then redis.call('HDEL', akey(account, 'stages'), stage) end
end
`;

/**
 * Records one lead's account, score and stage, and rewrites the summaries of the accounts it touched (the old one
 * too, when its company changed), atomically: the lead's previous state is read inside the script, so writers of
 * different leads of one account (different partitions, different workers) never lose each other's changes.
 * ARGV: 3 ruleset version, 4 strategy, 5 n, 6 mode (`set`, or `nx`: only a lead not held yet, for rebuilds),
 * 7 lead_id, 8 account ('' for none), 9 score, 10 the lead's `{"email","name","stage"}` as JSON.
 * Returns {rescore due (0/1), written (0: an `nx` that found the lead held), summary JSON...}: no summary when
 * nothing of the account changed.
 * Keys built inside the script are fine on a single Redis; a Redis Cluster would need hash tags.
 */
export const RECORD_ACCOUNT_LEAD_SCRIPT = `${PRELUDE}
local due = adopt(ARGV[3], ARGV[4], ARGV[5], false)
local mode, id, account, score, info = ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9]), ARGV[10]
local old = redis.call('HGET', KEYS[1], id)
if mode == 'nx' and old then return { due, 0 } end
local out = { due, 1 }
if old and old ~= '' and old ~= account then
  local previous = redis.call('ZSCORE', akey(old, 'scores'), id)
  if previous then
    local before = cjson.decode(redis.call('HGET', akey(old, 'leads'), id) or '{}')
    redis.call('ZREM', akey(old, 'scores'), id)
    redis.call('HDEL', akey(old, 'leads'), id)
    redis.call('HSET', KEYS[7], old, tonumber(redis.call('HGET', KEYS[7], old) or '0') - tonumber(previous))
    if type(before.stage) == 'string' then stageStep(old, before.stage, -1) end
  end
  table.insert(out, (summarize(old)))
end
if account ~= '' then
  local previous = redis.call('ZSCORE', akey(account, 'scores'), id)
  local before = redis.call('HGET', akey(account, 'leads'), id)
  if not (previous and tonumber(previous) == score and before == info) then
    redis.call('ZADD', akey(account, 'scores'), score, id)
    redis.call('HSET', akey(account, 'leads'), id, info)
    redis.call('HSET', KEYS[7], account, tonumber(redis.call('HGET', KEYS[7], account) or '0') - tonumber(previous or '0') + score)
    if before then
      local stage = cjson.decode(before).stage
      if type(stage) == 'string' then stageStep(account, stage, -1) end
    end
    local stage = cjson.decode(info).stage
    if type(stage) == 'string' then stageStep(account, stage, 1) end
    table.insert(out, (summarize(account)))
  end
end
redis.call('HSET', KEYS[1], id, account)
return out
`;

/**
 * Takes the caller's strategy (ARGV 3 version, 4 strategy, 5 n, 6 '1' to take it at an equal version too: a fresh
 * read of the settings corrects a writer that read them half-changed). Returns {rescore due (0/1), epoch}.
 */
export const ADOPT_ACCOUNT_STRATEGY_SCRIPT = `${PRELUDE}
local due = adopt(ARGV[3], ARGV[4], ARGV[5], ARGV[6] == '1')
return { due, tonumber(redis.call('HGET', KEYS[2], 'epoch')) }
`;

/**
 * Rescores the accounts ARGV[4..] with the current strategy, under epoch ARGV[3]: when the epoch has moved on (a
 * newer strategy, whose adopter rescores everything itself) it does nothing and returns {0}. Else {1, summary JSON
 * of each account whose score changed...}. The running sum is recomputed from the scores, so a rescore also clears
 * any rounding a long series of fractional increments could have left.
 */
export const RESCORE_ACCOUNTS_SCRIPT = `${PRELUDE}
if redis.call('HGET', KEYS[2], 'epoch') ~= ARGV[3] then return { 0 } end
local out = { 1 }
for i = 4, #ARGV do
  local account = ARGV[i]
  local flat = redis.call('ZRANGE', akey(account, 'scores'), 0, -1, 'WITHSCORES')
  local sum = 0
  for j = 2, #flat, 2 do sum = sum + tonumber(flat[j]) end
  if #flat > 0 then redis.call('HSET', KEYS[7], account, sum) end
  local summary, changed = summarize(account)
  if changed then table.insert(out, summary) end
end
return out
`;

/** Marks epoch ARGV[3] applied if it is still the current one. Returns 1 if it did. */
export const MARK_ACCOUNTS_APPLIED_SCRIPT = `${PRELUDE}
if redis.call('HGET', KEYS[2], 'epoch') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], 'applied', ARGV[3])
return 1
`;

/**
 * Marks the accounts complete (every lead of MongoDB recorded) if the rebuild token ARGV[3] is still the stored
 * one: a Redis flushed during the rebuild lost the token with the data, and is rebuilt again.
 */
export const MARK_ACCOUNTS_BUILT_SCRIPT = `
if redis.call('HGET', KEYS[2], 'rebuild') ~= ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], 'built', '1')
return 1
`;
