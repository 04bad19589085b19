--[[
  Decides a queued change's ticket once: the first writer (the worker taking the job, or the web role giving up
  on it) decides; every later caller, a retry of the job or the other side, reads that decision.

  Input:
    KEYS[1] the ticket

    ARGV[1] the state wanted: run or void
    ARGV[2] how long the ticket is kept (s)

  Output:
    the decided state
]]
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return ARGV[1]
