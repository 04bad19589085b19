--[[
  Claims the outbox channels whose turn has come (their next turn is one interval on, for every replica) and says
  when the next turn of any is. A channel a paced lane holds is booked: its first free turn is reserved on the
  pace key (lanes queue behind it) and taken when it comes.

  Input:
    KEYS[1] due (zset channel -> when it may send next)
    KEYS[2] booked (hash channel -> the turn booked for it)

    ARGV[1] now (epoch ms)
    ARGV[2] interval (ms)
    ARGV[3] at most this many channels
    ARGV[4] prefix of the pace keys (+ channel)
    ARGV[5] prefix of the queue keys (+ channel)

  Output:
    {claimed channels, the earliest next turn (epoch ms) or '-1' when none is scheduled}

  The pace and queue keys are named here from the channels found due (one Redis, no cluster: every key is on
  this node).
]]
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
local function pace(key, free)
  redis.call('SET', key, string.format('%d', free), 'PX', string.format('%d', free - now + 1000))
end
for _, ch in ipairs(due) do
  local key = ARGV[4] .. ch
  local free = tonumber(redis.call('GET', key) or '0')
  if redis.call('LLEN', ARGV[5] .. ch) == 0 then
    -- nothing left to send: the channel leaves the schedule without taking a turn from the lanes
    redis.call('ZREM', KEYS[1], ch)
    redis.call('HDEL', KEYS[2], ch)
  elseif redis.call('HDEL', KEYS[2], ch) == 1 then
    -- the turn booked earlier has come; the lanes queued behind it
    redis.call('ZADD', KEYS[1], now + interval, ch)
    table.insert(claimed, ch)
  elseif free > now then
    -- a lane (this replica's or another's) holds the channel: book the first free turn
    pace(key, free + interval)
    redis.call('HSET', KEYS[2], ch, string.format('%d', free))
    redis.call('ZADD', KEYS[1], free, ch)
  else
    pace(key, now + interval)
    redis.call('ZADD', KEYS[1], now + interval, ch)
    table.insert(claimed, ch)
  end
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {claimed, first[2] or '-1'}
