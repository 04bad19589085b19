--[[
  Ends the run of an approved request: executing -> executed or failed, by the owner of the run only; frees the
  request's side keys.

  Input:
    KEYS[1] the request (hash)

    ARGV[1] the new status: executed or failed
    ARGV[2] the outcome (text)
    ARGV[3] the owner (queued job id)
    ARGV[4] request id

  Output:
    the new status, 'not-owner', 'missing', or the status that was not executing
]]
--- @include "includes/releaseSideKeys"
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'executing' then return status or 'missing' end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[3] then return 'not-owner' end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'outcome', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
release(KEYS[1], ARGV[4])
return ARGV[1]
