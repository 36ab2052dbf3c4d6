-- wrk script for the call-control API against BenchServer: every connection runs call flows
-- create → accept (the offered agent) → end. Use one connection per thread (-t N -c N) so each
-- thread's state machine sees its own responses in order.
--   wrk -t4 -c4 -d30s --latency -s call-control.lua http://127.0.0.1:8099
local counter = 0
local state = "create"
local call = nil
local agent = nil
local token = "bench-telephony-token-0001"
local prefix = nil

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = "w" .. (tid or tostring(math.random(1, 1e9)))
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if state == "create" then
    counter = counter + 1
    call = prefix .. "-" .. counter
    return wrk.format("POST", "/api/calls", nil, '{"id":"' .. call .. '","service":"bench"}')
  elseif state == "accept" then
    return wrk.format("POST", "/api/calls/" .. call .. "/accept", nil, '{"agent":"' .. agent .. '"}')
  elseif state == "hangup" then
    return wrk.format("POST", "/api/calls/" .. call .. "/hangup", nil, nil)
  else
    return wrk.format("POST", "/api/calls/" .. call .. "/end", nil, nil)
  end
end

function response(status, headers, body)
  if state == "create" then
    agent = body and string.match(body, '"type":"CallOffered".-"agents":%["([^"]+)"')
    if agent then state = "accept" else state = "hangup" end
  elseif state == "accept" then
    state = "end"
  else
    state = "create"
  end
end
