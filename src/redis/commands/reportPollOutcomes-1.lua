--[[
  Records one poll cycle's outcomes per source: a failure opens an episode or extends it, a success closes it. A
  poller's episodes for sources it no longer reports close too. Opened and closed episodes are returned so that
  the replica that saw them logs them, once.

  Input:
    KEYS[1] failing polls (hash "<poller>|<source>" -> episode JSON)

    ARGV[1] now (epoch ms)
    ARGV[2] the poller
    ARGV[3] the outcomes: JSON list of {source, error code or '' when it worked}

  Output:
    {episodes opened (JSON each), episodes closed (JSON each)}
]]
local now = tonumber(ARGV[1])
local poller = ARGV[2]
local outcomes = cjson.decode(ARGV[3])
local seen, opened, closed = {}, {}, {}
for _, o in ipairs(outcomes) do
  local field = poller .. '|' .. o[1]
  seen[field] = true
  local current = redis.call('HGET', KEYS[1], field)
  if o[2] ~= '' then
    local e
    if current then
      e = cjson.decode(current)
      e.failures = e.failures + 1
    else
      e = { poller = poller, source = o[1], since = now, failures = 1 }
    end
    e.lastAt = now
    e.code = o[2]
    local encoded = cjson.encode(e)
    redis.call('HSET', KEYS[1], field, encoded)
    if not current then table.insert(opened, encoded) end
  elseif current then
    redis.call('HDEL', KEYS[1], field)
    table.insert(closed, current)
  end
end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local field = all[i]
  if not seen[field] and string.sub(field, 1, #poller + 1) == poller .. '|' then
    redis.call('HDEL', KEYS[1], field)
    table.insert(closed, all[i + 1])
  end
end
return {opened, closed}
