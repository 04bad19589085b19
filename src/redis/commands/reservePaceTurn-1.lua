--[[
  Takes a channel's next turn of the Slack pace every replica shares: at least one interval after the turn
  anyone took before.

  Input:
    KEYS[1] the channel's pace key: its next free time (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] interval (ms)

  Output:
    how long to wait before calling Slack (ms; 0 = at once)

  Integers only: a Lua number is written as %.14g, which would turn a later epoch into an exponent.
  The key expires a second after its time: by then it holds nobody back, and idle channels leave nothing behind.
]]
local now = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local free = at + tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%d', free), 'PX', string.format('%d', free - now + 1000))
return at - now
