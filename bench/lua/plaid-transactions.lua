-- Plaid POST /transactions/get: a page of 25 of the item's transactions.
-- PLAID_BODY is the JSON request (client_id, secret, access_token, dates, options).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
require("summary")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("PLAID_BODY") or "{}"
done = function(summary, latency, requests) summarize(summary, latency) end
