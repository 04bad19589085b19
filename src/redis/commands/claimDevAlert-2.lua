--[[
  May a dev job or service alert on-call now? At most once per episode and at most a number of times an hour per
  resource; a yes claims the episode and one slot of the hour at once, so two replicas post one alert.

  Input:
    KEYS[1] the episode claim (holds the claiming token)
    KEYS[2] the resource's alert times (zset token -> epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] window start (epoch ms): times at or before it are dropped
    ARGV[3] alerts allowed in the window
    ARGV[4] a token of this call
    ARGV[5] how long the episode claim is kept (s)
    ARGV[6] how long the alert times are kept (ms)

  Output:
    {1, n} alerted (n alerts in the window, this one included), {0, n} episode already alerted, {-1, n} capped

  A script re-sent after a lost reply finds its own token and answers as the first run did.
]]
local held = redis.call('GET', KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
local n = redis.call('ZCARD', KEYS[2])
if held == ARGV[4] then return {1, n} end
if held then return {0, n} end
if n >= tonumber(ARGV[3]) then return {-1, n} end
redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return {1, n + 1}
