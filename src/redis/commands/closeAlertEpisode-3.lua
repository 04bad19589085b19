--[[
  Ends an episode (its job or service recovered, finished or went away): no longer open, readable a while longer.
  Returns it once, so one caller posts the resolution, and to a re-send of that same call after a lost reply.

  Input:
    KEYS[1] the episode (hash)
    KEYS[2] open episodes (zset id -> openedAt)
    KEYS[3] the resource's mutes (named after ARGV[5]; declared, not written: mutes outlive their episode)

    ARGV[1] episode id
    ARGV[2] a token of this call
    ARGV[3] closedAt (epoch ms)
    ARGV[4] how long the closed episode stays readable (ms)
    ARGV[5] the resource the caller read from the episode

  Output:
    {'closed', field, value, ...} once; {'gone'} otherwise; {'moved'} when the episode's resource changed since
    it was read (read it again)
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return {'gone'} end
local closedBy = redis.call('HGET', KEYS[1], 'closeToken')
if closedBy then
  if closedBy == ARGV[2] then
    local r = redis.call('HGETALL', KEYS[1])
    table.insert(r, 1, 'closed')
    return r
  end
  return {'gone'}
end
if redis.call('HGET', KEYS[1], 'resource') ~= ARGV[5] then return {'moved'} end
redis.call('HSET', KEYS[1], 'closedAt', ARGV[3], 'closeToken', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZREM', KEYS[2], ARGV[1])
local r = redis.call('HGETALL', KEYS[1])
table.insert(r, 1, 'closed')
return r
