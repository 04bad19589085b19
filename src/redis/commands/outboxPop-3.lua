--[[
  Takes the oldest item of a channel's outbox queue; an update comes with the latest state of its card, and
  the pending state is taken with it. An empty channel leaves the schedule.

  Input:
    KEYS[1] the channel's queue (list, oldest first)
    KEYS[2] due (zset channel -> when it may send next)
    KEYS[3] the channel's pending updates (hash card ts -> message JSON)

    ARGV[1] the channel

  Output:
    {item JSON, the update's message JSON or ''}; nil when the queue is empty
]]
local raw = redis.call('LPOP', KEYS[1])
if not raw then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return false
end
local item = cjson.decode(raw)
if item['k'] == 'update' then
  local m = redis.call('HGET', KEYS[3], item['ts'])
  redis.call('HDEL', KEYS[3], item['ts'])
  return {raw, m or ''}
end
return {raw, ''}
