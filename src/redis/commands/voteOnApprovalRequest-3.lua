--[[
  One vote on a pending approval request, or its end: an approval (decided once enough approvers voted), a
  withdrawal, a rejection, a cancellation by the requester, or an expiry. Time decides an expiry, whichever
  operation noticed it. A decision leaves the pending set and frees the side keys (an approval keeps the service
  name reserved until its run ends).

  Input:
    KEYS[1] the request (hash)
    KEYS[2] its votes (hash user -> "<epoch ms>|<via>")
    KEYS[3] pending requests (zset id -> expiresAt)

    ARGV[1] op: approve, withdraw, reject, cancel or expire
    ARGV[2] the user (Slack user id)
    ARGV[3] now (epoch ms)
    ARGV[4] via: reaction or button
    ARGV[5] request id

  Output:
    {status after the call, or 'missing'; 1 when this call changed the request, else 0}
]]
--- @include "includes/releaseSideKeys"
local req, votes, pending = KEYS[1], KEYS[2], KEYS[3]
local op, user, now, via, id = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local status = redis.call('HGET', req, 'status')
if not status then return {'missing', 0} end
if status ~= 'pending' then return {status, 0} end
local function decide(to, by)
  redis.call('HSET', req, 'status', to, 'decidedAt', tostring(now), 'decidedBy', by)
  redis.call('HINCRBY', req, 'version', 1)
  redis.call('ZREM', pending, id)
  if to ~= 'approved' then release(req, id) else
    local f = redis.call('HMGET', req, 'userKey', 'wsKey')
    if f[1] then redis.call('ZREM', f[1], id) end
    if f[2] then redis.call('ZREM', f[2], id) end
  end
  return {to, 1}
end
-- Time decides an expiry, not the vote that happened to notice it.
if now >= tonumber(redis.call('HGET', req, 'expiresAt')) then return decide('expired', 'bot') end
if op == 'expire' then return {status, 0} end
if op == 'approve' then
  local added = redis.call('HSETNX', votes, user, tostring(now) .. '|' .. via)
  if added == 1 then redis.call('HINCRBY', req, 'version', 1) end
  if redis.call('HLEN', votes) >= tonumber(redis.call('HGET', req, 'required')) then return decide('approved', user) end
  return {status, added}
elseif op == 'withdraw' then
  -- Removing a reaction withdraws only a vote that reaction cast; a button vote stays.
  local cast = redis.call('HGET', votes, user)
  if not cast or string.sub(cast, -string.len(via) - 1) ~= '|' .. via then return {status, 0} end
  redis.call('HDEL', votes, user)
  redis.call('HINCRBY', req, 'version', 1)
  return {status, 1}
elseif op == 'reject' then
  return decide('rejected', user)
elseif op == 'cancel' then
  return decide('cancelled', user)
end
return {status, 0}
