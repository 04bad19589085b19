--[[
  Creates an approval request unless it exists, atomically with the fair-use limits (pending requests per
  requester and per workspace, expired ones dropped first) and the reservation of an EAS service name.

  Input:
    KEYS[1] the request (hash)
    KEYS[2] pending requests (zset id -> expiresAt)
    KEYS[3] recent requests (zset id -> createdAt)
    KEYS[4] the requester's pending requests (zset id -> expiresAt)
    KEYS[5] the workspace's pending requests (zset id -> expiresAt)
    KEYS[6] the reserved service name ('' = none): holds the request id

    ARGV[1] request id
    ARGV[2] now (epoch ms)
    ARGV[3] expiresAt (epoch ms)
    ARGV[4] most pending requests per requester
    ARGV[5] most pending requests per workspace
    ARGV[6] approvals required
    ARGV[7] requester (Slack user id)
    ARGV[8] the request data (JSON)
    ARGV[9] how long the name is held (ms)
    ARGV[10] how long the request is kept (s)
    ARGV[11] createdAt (epoch ms)

  Output:
    {'created', ''}, {'exists', ''}, {'user' or 'workspace', pending count}, or {'name', id of the request holding it}
]]
local req, pending, recent, userKey, wsKey, nameKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, now, expiresAt = ARGV[1], tonumber(ARGV[2]), ARGV[3]
if redis.call('EXISTS', req) == 1 then return {'exists', ''} end
redis.call('ZREMRANGEBYSCORE', userKey, '-inf', now)
redis.call('ZREMRANGEBYSCORE', wsKey, '-inf', now)
local byUser = redis.call('ZCARD', userKey)
if byUser >= tonumber(ARGV[4]) then return {'user', tostring(byUser)} end
local byWs = redis.call('ZCARD', wsKey)
if byWs >= tonumber(ARGV[5]) then return {'workspace', tostring(byWs)} end
local fields = {
  'status', 'pending', 'required', ARGV[6], 'expiresAt', expiresAt, 'requester', ARGV[7], 'data', ARGV[8],
  'version', '1', 'userKey', userKey, 'wsKey', wsKey,
}
if nameKey ~= '' then
  local holder = redis.call('GET', nameKey)
  if holder and holder ~= id then return {'name', holder} end
  redis.call('SET', nameKey, id, 'PX', ARGV[9])
  table.insert(fields, 'nameKey')
  table.insert(fields, nameKey)
end
redis.call('HSET', req, unpack(fields))
redis.call('EXPIRE', req, ARGV[10])
redis.call('ZADD', pending, expiresAt, id)
redis.call('ZADD', recent, ARGV[11], id)
redis.call('ZADD', userKey, expiresAt, id)
redis.call('ZADD', wsKey, expiresAt, id)
return {'created', ''}
