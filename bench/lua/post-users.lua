-- POST /users (createUser) with a body that matches UserCreateRequestBody. Every
-- request carries a new partner id, so a real server creates a user each time
-- instead of answering 409 (Prism answers the spec's example either way).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("summary")
wrk.method = "POST"
wrk.headers["Accept"] = "application/vnd.mx.api.v1+json"
local auth = os.getenv("WRK_AUTH")
if auth == nil or auth == "" then auth = "Basic Y2xpZW50X2lkOmFwaV9rZXk=" end
wrk.headers["Authorization"] = auth
wrk.headers["Content-Type"] = "application/json"

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

-- Distinct across the warm-up and measured runs (separate wrk processes).
local run = (os.getenv("BENCH_RUN") or "run") .. "-" .. os.time()
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    '{"user":{"email":"perf@example.com","id":"perf-%s-%d-%d","is_disabled":false,"metadata":"{\\"source\\":\\"wrk\\"}"}}',
    run, tid or 0, counter)
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests) summarize(summary, latency) end
