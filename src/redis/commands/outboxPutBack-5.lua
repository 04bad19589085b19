--[[
  Puts an item that could not be sent back at the head of its channel's queue, with the channel's next turn.
  After a 429 the pace key moves too, so every sender of the channel waits for its Retry-After.

  Input:
    KEYS[1] the channel's queue (list, oldest first)
    KEYS[2] due (zset channel -> when it may send next)
    KEYS[3] the channel's pending updates (hash card ts -> message JSON)
    KEYS[4] booked (hash channel -> the turn booked for it)
    KEYS[5] the channel's pace key: its next free time (epoch ms)

    ARGV[1] the item (JSON)
    ARGV[2] the channel
    ARGV[3] the channel's next turn (epoch ms)
    ARGV[4] the card's ts ('' for posts)
    ARGV[5] the update's message JSON ('' for posts): kept unless a later update came meanwhile
    ARGV[6] now (epoch ms)
    ARGV[7] '1' after a 429

  Output:
    nil
]]
redis.call('LPUSH', KEYS[1], ARGV[1])
if ARGV[4] ~= '' then redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[5]) end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('HDEL', KEYS[4], ARGV[2])
local free = tonumber(ARGV[3])
if ARGV[7] == '1' and free > tonumber(redis.call('GET', KEYS[5]) or '0') then
  redis.call('SET', KEYS[5], string.format('%d', free), 'PX', string.format('%d', free - tonumber(ARGV[6]) + 1000))
end
