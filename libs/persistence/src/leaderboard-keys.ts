// Key names and the write script of the Redis leaderboard and lead-list indexes: plain code (no Nest), so that
// tools (benchmarks, seeders) write exactly what LeaderboardStore.record writes.

/** Redis keys of the leaderboard and of the lead-list indexes kept beside it (one set per sort and filter). */
export function leaderboardKeys(keyPrefix: string) {
  const index = `${keyPrefix}:lead-index:`;
  return {
    scores: `${keyPrefix}:leaderboard:scores`,
    leads: `${keyPrefix}:leaderboard:leads`,
    /** Prefix of the index keys below, also passed to the record script. */
    index,
    /** lead_id by last_event_at (epoch ms; 0 when none). */
    recent: `${index}recent`,
    /** `<lower-cased name>\0<lead_id>` with score 0: lexical order (ZRANGE BYLEX); ties by lead id. */
    names: `${index}names`,
    emails: `${index}emails`,
    stage: (stage: string) => `${index}stage:${stage}`,
    grade: (grade: string) => `${index}grade:${grade}`,
    company: (company: string) => `${index}company:${company}`,
  };
}

/**
 * Writes one lead's entry and moves it between the list indexes, atomically: the previous entry (read inside the
 * script) says which stage, company, name and email sets to leave, so a rebuild racing the lead's partition
 * cannot leave a lead in two stage sets. Modes: `set` (record), `nx` (recordIfAbsent: only a lead not held yet),
 * `reindex` (add the indexes of an entry still equal to ARGV[4], for entries recorded before the indexes existed).
 * Keys built inside the script are fine on a single Redis; a Redis Cluster would need hash tags.
 */
export const RECORD_SCRIPT = `
local mode, ix, id, json, score, recent = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local old = redis.call('HGET', KEYS[2], id)
if mode == 'nx' then
  redis.call('ZADD', KEYS[1], 'NX', score, id)
  if old then return 0 end
  redis.call('HSET', KEYS[2], id, json)
elseif mode == 'reindex' then
  if old ~= json then return 0 end
  old = false
else
  redis.call('ZADD', KEYS[1], score, id)
  redis.call('HSET', KEYS[2], id, json)
end
local function lower(v) if type(v) ~= 'string' then return '' end return string.lower(v) end
if old then
  local o = cjson.decode(old)
  redis.call('ZREM', ix .. 'stage:' .. tostring(o.stage), id)
  if type(o.grade) == 'string' then redis.call('ZREM', ix .. 'grade:' .. o.grade, id) end
  if type(o.company) == 'string' then redis.call('ZREM', ix .. 'company:' .. o.company, id) end
  redis.call('ZREM', ix .. 'names', lower(o.name) .. '\0' .. id)
  redis.call('ZREM', ix .. 'emails', lower(o.email) .. '\0' .. id)
end
local n = cjson.decode(json)
redis.call('ZADD', ix .. 'stage:' .. tostring(n.stage), score, id)
if type(n.grade) == 'string' and n.grade ~= '' then redis.call('ZADD', ix .. 'grade:' .. n.grade, score, id) end
if type(n.company) == 'string' then redis.call('ZADD', ix .. 'company:' .. n.company, score, id) end
redis.call('ZADD', ix .. 'recent', recent, id)
redis.call('ZADD', ix .. 'names', 0, lower(n.name) .. '\0' .. id)
redis.call('ZADD', ix .. 'emails', 0, lower(n.email) .. '\0' .. id)
return 1
`;
