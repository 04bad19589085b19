--[[
  Claims the publishing of one user's App Home view, atomically, so two replicas refreshing at once never both
  publish the same change (src/actions/home/refresh-homes.ts): the claim writes the new view's mark only if the
  stored mark is still the one the caller read, and only if this minute's views.publish budget has room, which it
  takes one from.

  Input:
    KEYS[1] the user's view mark (string "<hash of the view last published>|<token>", absent before the first)
    KEYS[2] this minute's publish count (string, an integer)

    ARGV[1] the mark the caller read ('' = none)
    ARGV[2] the new mark ("<hash>|<token of this claim>")
    ARGV[3] how long a mark is kept (ms)
    ARGV[4] publishes per minute at most

  Output:
    1 claimed (publish it); 0 the stored mark changed since it was read (another replica, or a click, published);
    -1 no publish left this minute (try again next step)

  Also 1 when this very claim is stored already: ioredis re-sends a command whose reply a dropped connection lost,
  and the re-run must not take its own claim for someone else's (nor count it twice).
]]
local current = redis.call('GET', KEYS[1])
if current == ARGV[2] then return 1 end
if (current or '') ~= ARGV[1] then return 0 end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
if used >= tonumber(ARGV[4]) then return -1 end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 120000)
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
