--[[
  Counts a user's queued changes, atomically: trims entries older than a day (a crash never frees them
  otherwise), then takes a slot if the user is below the limit.

  Input:
    KEYS[1] the user's queued changes (zset key -> queued at, epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] most queued changes per user
    ARGV[3] the change's idempotency key

  Output:
    -1 the slot is taken (or was, by this very change); otherwise the number of changes queued (at the limit)
]]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - 86400000)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return -1 end
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[2]) then return n end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], 86400000)
return -1
