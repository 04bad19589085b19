--[[
  Slack answered 429: no replica's turn in the channel comes before the time it said (only ever later).

  Input:
    KEYS[1] the channel's pace key: its next free time (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] the first time Slack takes a message again (epoch ms)

  Output:
    1
]]
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
if free > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], string.format('%d', free), 'PX', string.format('%d', free - now + 1000))
end
return 1
