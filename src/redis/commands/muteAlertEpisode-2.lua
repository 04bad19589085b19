--[[
  On-call mutes the resource of an open episode until a given time. Muting again keeps the later end; the mutes
  key lives as long as its latest mute.

  Input:
    KEYS[1] the episode (hash)
    KEYS[2] the resource's mutes (hash episode id -> muted until, epoch ms)

    ARGV[1] a token of this call
    ARGV[2] the click's field ('' for none): the same press delivered again is a repeat
    ARGV[3] the user (Slack user id)
    ARGV[4] muted until (epoch ms)
    ARGV[5] at (epoch ms)
    ARGV[6] the resource the caller read from the episode (KEYS[2] is named after it)
    ARGV[7] episode id

  Output:
    'muted', 'repeat', 'missing', or 'moved' (the episode's resource changed since it was read: read it again)
]]
--- @include "includes/episodeClickHead"
if redis.call('HGET', KEYS[1], 'resource') ~= ARGV[6] then return 'moved' end
local untilMs = tonumber(ARGV[4])
local ttl = untilMs - tonumber(ARGV[5])
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[7]) or '0')
if untilMs > mine then redis.call('HSET', KEYS[2], ARGV[7], ARGV[4]) end
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
local shown = tonumber(redis.call('HGET', KEYS[1], 'mutedUntil') or '0')
if untilMs > shown then redis.call('HSET', KEYS[1], 'mutedUntil', ARGV[4], 'mutedBy', ARGV[3]) end
return 'muted'
