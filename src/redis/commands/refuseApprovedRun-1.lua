--[[
  approved -> failed before anything ran (a check before the run refused it); frees the request's side keys.

  Input:
    KEYS[1] the request (hash)

    ARGV[1] the outcome (text)
    ARGV[2] request id

  Output:
    'failed', 'missing', or the status that was not approved
]]
--- @include "includes/releaseSideKeys"
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'approved' then return status or 'missing' end
redis.call('HSET', KEYS[1], 'status', 'failed', 'outcome', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
release(KEYS[1], ARGV[2])
return 'failed'
