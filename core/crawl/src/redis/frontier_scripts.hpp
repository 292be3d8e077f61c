// The Redis frontier's Lua scripts: each state change of a request, its host and the counters is one script, so
// it is atomic for every worker at once. Keys are built from the prefix, ARGV[1] ("<prefix>:q:<origin>", ...):
//   :seen      hash   dedup key -> request id (0: seen, never queued)
//   :next_id   string the last request id
//   :req:<id>  hash   the request (url, origin, method, ..., score, attempts, state, owner, outcome)
//   :q:<origin>     zset  queued ids by score (-priority * 1e12 + id: highest priority, oldest first)
//   :wait:<origin>  zset  ids waiting for a retry, by due time (the leasing worker's wall clock, ms)
//   :origins   set    origins with queued or waiting requests
//   :host:<origin>  hash  inflight (leases out, all workers), next (server time, ms, of the next allowed start)
//   :leases    zset   leased ids by expiry (server time, ms)
//   :counts    hash   queued, in_flight, done, failed
//   :robots:<origin> hash fetched_ms, status, body
//   :state     string "running" or "finished"; :job the job's name
// Politeness and lease times use the server's clock (redis.call('TIME')), so workers on several machines agree.
#pragma once

namespace newsarc::crawl::redis {

inline constexpr const char* kCommonLua = R"lua(
local P = ARGV[1]
local function server_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function count(field, by) redis.call('HINCRBY', P .. ':counts', field, by) end
-- Ends this worker's lease of id: false when it is not (or no longer) this worker's.
local function release(id, owner)
  local req = P .. ':req:' .. id
  local state, holder, origin = unpack(redis.call('HMGET', req, 'state', 'owner', 'origin'))
  if state ~= 'leased' or holder ~= owner then return false end
  redis.call('ZREM', P .. ':leases', id)
  local host = P .. ':host:' .. origin
  if tonumber(redis.call('HINCRBY', host, 'inflight', -1)) < 0 then redis.call('HSET', host, 'inflight', 0) end
  count('in_flight', -1)
  return origin
end
local function requeue(id, origin)
  local req = P .. ':req:' .. id
  redis.call('HSET', req, 'state', 'queued', 'owner', '')
  redis.call('ZADD', P .. ':q:' .. origin, redis.call('HGET', req, 'score'), id)
  redis.call('SADD', P .. ':origins', origin)
  count('queued', 1)
end
)lua";

// ARGV: P, then 11 fields per request: key, url, origin, method, body, headers, document_url, kind, priority,
// depth, redirect_chain. Returns 1 (added) or 0 (seen before) per request.
inline constexpr const char* kPushLua = R"lua(
local added = {}
for base = 2, #ARGV, 11 do
  local key, origin = ARGV[base], ARGV[base + 2]
  if redis.call('HEXISTS', P .. ':seen', key) == 1 then
    added[#added + 1] = 0
  else
    local id = redis.call('INCR', P .. ':next_id')
    redis.call('HSET', P .. ':seen', key, id)
    local score = -tonumber(ARGV[base + 8]) * 1e12 + id
    redis.call('HSET', P .. ':req:' .. id, 'key', key, 'url', ARGV[base + 1], 'origin', origin,
      'method', ARGV[base + 3], 'body', ARGV[base + 4], 'headers', ARGV[base + 5], 'document_url', ARGV[base + 6],
      'kind', ARGV[base + 7], 'priority', ARGV[base + 8], 'depth', ARGV[base + 9], 'redirect_chain', ARGV[base + 10],
      'score', score, 'attempts', 0, 'state', 'queued', 'owner', '', 'outcome', '')
    redis.call('ZADD', P .. ':q:' .. origin, score, id)
    redis.call('SADD', P .. ':origins', origin)
    count('queued', 1)
    added[#added + 1] = 1
  end
end
return added
)lua";

// ARGV: P, key. A queued copy is finished as done; an unknown key is remembered.
inline constexpr const char* kMarkSeenLua = R"lua(
local id = redis.call('HGET', P .. ':seen', ARGV[2])
if not id then redis.call('HSET', P .. ':seen', ARGV[2], 0) return 0 end
local req = P .. ':req:' .. id
if redis.call('HGET', req, 'state') ~= 'queued' then return 0 end
local origin = redis.call('HGET', req, 'origin')
redis.call('ZREM', P .. ':q:' .. origin, id)
redis.call('ZREM', P .. ':wait:' .. origin, id)
redis.call('HSET', req, 'state', 'done')
count('queued', -1)
count('done', 1)
return 1
)lua";

// ARGV: P, origin, now (worker wall ms, for retry due times), per_host, delay_ms, lease_ms, owner
// Returns {'lease', id, attempts before, url, origin, method, body, headers, document_url, kind, priority, depth,
// redirect_chain}, or {'busy'} (the host's shared in-flight limit), {'wait', ms} (its shared next start),
// {'due', wall ms} (only retries, the first due then), {'empty'}.
inline constexpr const char* kLeaseLua = R"lua(
local origin, now_wall = ARGV[2], tonumber(ARGV[3])
local per_host, delay, lease_ms, owner = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local q, wait = P .. ':q:' .. origin, P .. ':wait:' .. origin
for _, id in ipairs(redis.call('ZRANGEBYSCORE', wait, '-inf', now_wall)) do
  redis.call('ZREM', wait, id)
  redis.call('ZADD', q, redis.call('HGET', P .. ':req:' .. id, 'score'), id)
end
local top = redis.call('ZRANGE', q, 0, 0)
if #top == 0 then
  local first = redis.call('ZRANGE', wait, 0, 0, 'WITHSCORES')
  if #first == 0 then
    redis.call('SREM', P .. ':origins', origin)
    return {'empty'}
  end
  return {'due', first[2]}
end
local host = P .. ':host:' .. origin
local inflight = tonumber(redis.call('HGET', host, 'inflight') or '0')
if inflight >= per_host then return {'busy'} end
local now = server_ms()
local next_start = tonumber(redis.call('HGET', host, 'next') or '0')
if next_start > now then return {'wait', tostring(next_start - now)} end
local id = top[1]
redis.call('ZREM', q, id)
redis.call('HSET', host, 'inflight', inflight + 1, 'next', now + delay)
local req = P .. ':req:' .. id
local attempts = redis.call('HINCRBY', req, 'attempts', 1) - 1
redis.call('HSET', req, 'state', 'leased', 'owner', owner)
redis.call('ZADD', P .. ':leases', now + lease_ms, id)
count('queued', -1)
count('in_flight', 1)
local fields = redis.call('HMGET', req, 'url', 'origin', 'method', 'body', 'headers', 'document_url', 'kind',
  'priority', 'depth', 'redirect_chain')
local out = {'lease', id, tostring(attempts)}
for i = 1, #fields do out[#out + 1] = fields[i] end
return out
)lua";

// ARGV: P, id, owner, 'done'|'failed', outcome. A lease that expired and was queued again is finished all the
// same (the page was fetched); one leased again by another worker is left to it.
inline constexpr const char* kFinishLua = R"lua(
local id, owner, state = ARGV[2], ARGV[3], ARGV[4]
local req = P .. ':req:' .. id
if not release(id, owner) then
  if redis.call('HGET', req, 'state') ~= 'queued' then return 0 end
  local origin = redis.call('HGET', req, 'origin')
  redis.call('ZREM', P .. ':q:' .. origin, id)
  redis.call('ZREM', P .. ':wait:' .. origin, id)
  count('queued', -1)
end
redis.call('HSET', req, 'state', state, 'outcome', ARGV[5], 'owner', '')
count(state, 1)
return 1
)lua";

// ARGV: P, id, owner, due (worker wall ms), outcome
inline constexpr const char* kRetryLua = R"lua(
local id, owner = ARGV[2], ARGV[3]
local origin = release(id, owner)
if not origin then return 0 end
local req = P .. ':req:' .. id
redis.call('HSET', req, 'state', 'queued', 'owner', '', 'outcome', ARGV[5])
redis.call('ZADD', P .. ':wait:' .. origin, ARGV[4], id)
redis.call('SADD', P .. ':origins', origin)
count('queued', 1)
return 1
)lua";

// ARGV: P, id, owner. Its attempt is given back.
inline constexpr const char* kPutBackLua = R"lua(
local id, owner = ARGV[2], ARGV[3]
local origin = release(id, owner)
if not origin then return 0 end
redis.call('HINCRBY', P .. ':req:' .. id, 'attempts', -1)
requeue(id, origin)
return 1
)lua";

// ARGV: P. Leases past their expiry (their worker died or hangs) are queued again, their attempt kept counted.
inline constexpr const char* kReclaimLua = R"lua(
local expired = redis.call('ZRANGEBYSCORE', P .. ':leases', '-inf', server_ms())
for _, id in ipairs(expired) do
  local req = P .. ':req:' .. id
  local origin = redis.call('HGET', req, 'origin')
  release(id, redis.call('HGET', req, 'owner'))
  requeue(id, origin)
end
return #expired
)lua";

// ARGV: P, owner, lease_ms, ids... Extends this worker's leases (a slow fetch, a long page).
inline constexpr const char* kRenewLua = R"lua(
local owner, expiry = ARGV[2], server_ms() + tonumber(ARGV[3])
local renewed = 0
for i = 4, #ARGV do
  local state, holder = unpack(redis.call('HMGET', P .. ':req:' .. ARGV[i], 'state', 'owner'))
  if state == 'leased' and holder == owner then
    redis.call('ZADD', P .. ':leases', 'XX', expiry, ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
)lua";

// ARGV: P, origin, wait_ms. No worker starts a request to the host before then (Retry-After, backoff, block).
inline constexpr const char* kHoldLua = R"lua(
local host = P .. ':host:' .. ARGV[2]
local until_ms = server_ms() + tonumber(ARGV[3])
if until_ms > tonumber(redis.call('HGET', host, 'next') or '0') then redis.call('HSET', host, 'next', until_ms) end
return 1
)lua";

// ARGV: P, job, the glob of the prefix's keys. Starts a crawl (the keys of a finished one deleted first, in the
// same atomic step, so two workers starting at once cannot delete each other's start) or joins the running one:
// {'fresh'|'joined'|'other', the job of the running crawl}.
inline constexpr const char* kOpenLua = R"lua(
local state, job = redis.call('GET', P .. ':state'), redis.call('GET', P .. ':job')
if state == 'running' then
  if job ~= ARGV[2] then return {'other', job or ''} end
  return {'joined', job}
end
if state == 'finished' then
  local keys = redis.call('KEYS', ARGV[3])
  for i = 1, #keys, 1000 do
    redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys)))
  end
end
redis.call('SET', P .. ':state', 'running')
redis.call('SET', P .. ':job', ARGV[2])
return {'fresh', ARGV[2]}
)lua";

// ARGV: P. Marks the crawl finished when nothing is queued or leased: 1 when it did.
inline constexpr const char* kFinishCrawlLua = R"lua(
local queued, in_flight = unpack(redis.call('HMGET', P .. ':counts', 'queued', 'in_flight'))
if tonumber(queued or '0') > 0 or tonumber(in_flight or '0') > 0 then return 0 end
redis.call('SET', P .. ':state', 'finished')
return 1
)lua";

} // namespace newsarc::crawl::redis
