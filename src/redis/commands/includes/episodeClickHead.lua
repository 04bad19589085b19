--[[
  The head of the alert episode click scripts: a missing or closed episode is 'missing'; a press already counted
  under another call's token is a 'repeat' (the same token is this very call, re-sent after a lost reply).
  KEYS[1] the episode; ARGV[1] a token of this call, ARGV[2] the click's field ('' for none).
]]
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HEXISTS', KEYS[1], 'closedAt') == 1 then return 'missing' end
if ARGV[2] ~= '' then
  local seen = redis.call('HGET', KEYS[1], ARGV[2])
  if seen and seen ~= ARGV[1] then return 'repeat' end
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
end
