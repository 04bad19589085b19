--[[
  Gives back a claim on a user's App Home view whose views.publish failed: the mark goes back to what it was, so
  the next refresh step finds the view still unpublished and tries again. Only if the claim is still there: a
  mark written since (a click's publish, a later claim) is newer and stays.

  Input:
    KEYS[1] the user's view mark (string "<hash>|<token>")

    ARGV[1] the mark this caller claimed
    ARGV[2] the mark before the claim ('' = none)
    ARGV[3] how long a mark is kept (ms)

  Output:
    1 given back; 0 the mark had changed since, left as it is
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
