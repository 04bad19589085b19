--[[
  Records an alert just posted as an open episode. An open episode is left alone. A closed one is opened anew by
  a new alert (another message), but not by its own alert again (a late repeat of the first open).

  Input:
    KEYS[1] the episode (hash)
    KEYS[2] open episodes (zset id -> openedAt)

    ARGV[1] episode id
    ARGV[2] openedAt (epoch ms)
    ARGV[3] how long an open episode is kept (ms)
    ARGV[4] the alert's channel
    ARGV[5] the alert's ts
    ARGV[6...] the episode's fields: field, value, field, value...

  Output:
    'opened', 'open' (already), or 'closed' (this alert's episode ended already)
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('HEXISTS', KEYS[1], 'closedAt') == 0 then return 'open' end
  if redis.call('HGET', KEYS[1], 'channel') == ARGV[4] and redis.call('HGET', KEYS[1], 'ts') == ARGV[5] then
    return 'closed'
  end
  redis.call('DEL', KEYS[1])
end
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 'opened'
