--[[
  On-call acknowledges an open episode: the first acknowledgement wins, once.

  Input:
    KEYS[1] the episode (hash)

    ARGV[1] a token of this call
    ARGV[2] the click's field ('' for none): the same press delivered again is a repeat
    ARGV[3] the user (Slack user id)
    ARGV[4] at (epoch ms)

  Output:
    'acknowledged' (by this call, or by this very call before a lost reply), 'already', 'repeat' or 'missing'
]]
--- @include "includes/episodeClickHead"
if redis.call('HEXISTS', KEYS[1], 'ackedBy') == 1 then
  if redis.call('HGET', KEYS[1], 'ackToken') == ARGV[1] then return 'acknowledged' end
  return 'already'
end
redis.call('HSET', KEYS[1], 'ackedBy', ARGV[3], 'ackedAt', ARGV[4], 'ackToken', ARGV[1])
return 'acknowledged'
