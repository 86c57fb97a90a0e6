-- GET with the headers a real MX client sends. WRK_AUTH="Basic …" authenticates as a
-- real client (Prism and the limit server only look for the header).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("summary")
wrk.method = "GET"
wrk.headers["Accept"] = "application/vnd.mx.api.v1+json"
local auth = os.getenv("WRK_AUTH")
if auth == nil or auth == "" then auth = "Basic Y2xpZW50X2lkOmFwaV9rZXk=" end
wrk.headers["Authorization"] = auth
done = function(summary, latency, requests) summarize(summary, latency) end
