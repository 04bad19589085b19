--[[
  Stores a new message (or thread reply) in a channel's outbox queue and puts the channel on the schedule.
  With a dedup key, a message is stored once: a retried action, or a script ioredis re-sends after a lost reply,
  finds the key and stores nothing more.

  Input:
    KEYS[1] the channel's queue (list, oldest first)
    KEYS[2] due (zset channel -> when it may send next)
    KEYS[3] the dedup key of this message ('' = none)

    ARGV[1] the item (JSON)
    ARGV[2] now (epoch ms): the channel's turn if it has none yet
    ARGV[3] the channel

  Output:
    1 stored, 0 stored before
]]
if KEYS[3] ~= '' and not redis.call('SET', KEYS[3], '1', 'NX', 'EX', 86400) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
return 1
