--[[
  Writes a tracked job or service only if its stored revision is still the one the writer read, so two pollers
  never both announce the same change.

  Input:
    KEYS[1] the tracked hash (field -> record JSON with its rev)

    ARGV[1] the field
    ARGV[2] the revision read ('0' = not stored yet)
    ARGV[3] the new record (JSON)
    ARGV[4] '1' if a missing record may be written (created)

  Output:
    1 written, 0 another writer got there first

  Also 1 when this very write is stored already: ioredis re-sends a command whose reply a dropped connection lost,
  and the re-run must not take the write it made itself for another writer's (the change would never be
  announced). Each write's JSON carries a token of its own, so no two are equal.
  A stored record without a rev (written before revisions) counts as rev 0.
]]
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current == ARGV[3] then return 1 end
if not current then
  if ARGV[2] ~= '0' or ARGV[4] ~= '1' then return 0 end
else
  local ok, decoded = pcall(cjson.decode, current)
  if not ok or type(decoded) ~= 'table' or tostring(decoded['rev'] or 0) ~= ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
