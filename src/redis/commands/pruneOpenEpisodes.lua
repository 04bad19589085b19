--[[
  Drops from the open list the episodes that expired unclosed or were closed meanwhile (checked here again: one
  may have reopened since the caller looked). Takes a variable number of keys: no key count in this file's name.

  Input:
    KEYS[1] open episodes (zset id -> openedAt)
    KEYS[2...] the episodes (hashes)

    ARGV[1...] their ids, in the order of KEYS[2...]

  Output:
    0
]]
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 or redis.call('HEXISTS', KEYS[i], 'closedAt') == 1 then
    redis.call('ZREM', KEYS[1], ARGV[i - 1])
  end
end
return 0
