--[[
  Moves the failed-job scan's mark (the finish time up to which failures were looked at) forward, never back:
  a replica with an older view cannot undo another's progress.

  Input:
    KEYS[1] the mark (epoch ms)

    ARGV[1] the new mark (epoch ms)

  Output:
    nil
]]
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end
