--[[
  release(req, id): frees the side keys of an approval request, kept in its hash so every decision can tidy them
  up in the same script: userKey and wsKey (zsets of the requester's and the workspace's pending requests, for the
  fair-use limits) and nameKey (an EAS service name a prod deploy reserves while it awaits approval and runs; freed
  only while it still names this request).
]]
local function release(req, id)
  local f = redis.call('HMGET', req, 'userKey', 'wsKey', 'nameKey')
  if f[1] then redis.call('ZREM', f[1], id) end
  if f[2] then redis.call('ZREM', f[2], id) end
  if f[3] and redis.call('GET', f[3]) == id then redis.call('DEL', f[3]) end
end
