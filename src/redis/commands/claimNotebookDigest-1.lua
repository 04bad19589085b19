--[[
  Claims a workspace's idle-notebook digest for this period, atomically, so one replica posts it: due when no digest
  was claimed yet or the last claim is at least `every` old (by the bot's clock, which tests move by hand).

  Input:
    KEYS[1] the workspace's digest claim (string: when it was last claimed, epoch ms, then "|posted" once posted)

    ARGV[1] now (epoch ms)
    ARGV[2] digest_every (ms)

  Output:
    1 this call claimed it (post the digest); 0 not due, or claimed by another call at the same time
]]
local value = redis.call('GET', KEYS[1])
local last = value and tonumber(string.match(value, '^%d+'))
local now = tonumber(ARGV[1])
if last and now - last < tonumber(ARGV[2]) then return 0 end
-- Kept well past its period, so a bot whose clock jumps back a little still sees it.
redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(tonumber(ARGV[2]) * 2, 86400000))
return 1
