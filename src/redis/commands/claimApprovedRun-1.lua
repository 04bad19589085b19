--[[
  Claims the run of an approved request for one queued job (the owner): approved -> executing. The same owner
  may resume its own run (executing or executed); anyone else is refused.

  Input:
    KEYS[1] the request (hash)

    ARGV[1] the owner (queued job id)

  Output:
    'claimed', 'resumed', 'missing', or the request's status
]]
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 'missing' end
if status == 'approved' then
  redis.call('HSET', KEYS[1], 'status', 'executing', 'owner', ARGV[1])
  redis.call('HINCRBY', KEYS[1], 'version', 1)
  return 'claimed'
end
if (status == 'executing' or status == 'executed') and redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
  return 'resumed'
end
return status
