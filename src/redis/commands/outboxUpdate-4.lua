--[[
  Stores the latest state of a card: a pending update of the same card is replaced, not queued twice.
  With a version, a render older than one already queued or sent for this message is dropped: two processes
  rendering the same request message can never leave the older state on screen.

  Input:
    KEYS[1] the channel's queue (list, oldest first)
    KEYS[2] due (zset channel -> when it may send next)
    KEYS[3] the channel's pending updates (hash card ts -> message JSON)
    KEYS[4] the channel's versions (hash message ts -> newest version queued)

    ARGV[1] the item (JSON)
    ARGV[2] now (epoch ms): the channel's turn if it has none yet
    ARGV[3] the channel
    ARGV[4] the card's ts
    ARGV[5] the message (JSON)
    ARGV[6] the version ('' = none)

  Output:
    1 stored, 0 older than what was stored
]]
if ARGV[6] ~= '' then
  local seen = tonumber(redis.call('HGET', KEYS[4], ARGV[4]) or '-1')
  if tonumber(ARGV[6]) < seen then return 0 end
  redis.call('HSET', KEYS[4], ARGV[4], ARGV[6])
  redis.call('PEXPIRE', KEYS[4], 604800000)
end
local fresh = redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
if fresh == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
return 1
