-- wrk script for bench/harness.sh: one request kind per run, and the latency percentiles wrk's own
-- --latency report leaves out (p99.9) as one machine-readable HARNESS line.
--
--   wrk -t2 -c50 -d20s --latency -s bench/harness.lua URL -- KIND [TOKEN] [NONCE_PREFIX]
--
-- KIND: get      a plain GET (health)
--       tool     POST /api/v1/tools/cortex_search through the gateway (TOKEN: a gateway token)
--       search   the same search sent straight to the simulator's Search :query (TOKEN: any)
--       session  POST /api/v1/session/token for demo-web with a fresh nonce per request
--                (NONCE_PREFIX: the first 19 characters of a random UUID, "xxxxxxxx-xxxx-4xxx-")
-- Every wrk thread has its own Lua state: the nonce is the prefix, 8 + the thread number, and a
-- per-thread counter, so no two requests of one run share a nonce (a repeat would be a 401 replay).

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

local kind, prefix
local counter = 0
local static

function init(args)
  kind = args[1] or "get"
  local token = args[2]
  prefix = args[3]
  if kind == "tool" then
    wrk.method = "POST"
    wrk.body = '{"query":"refund policy","topK":5}'
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
  elseif kind == "search" then
    -- what the gateway's cortex_search sends upstream for the body above (ToolBench's direct case)
    wrk.method = "POST"
    wrk.body = '{"query":"refund policy","columns":["title","chunk","url"],"limit":5}'
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. token
  elseif kind == "session" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["X-Client-Version"] = "1.4.2"
  elseif kind ~= "get" then
    error("unknown kind " .. kind)
  end
  if kind ~= "session" then
    static = wrk.format()
  end
end

function request()
  if static then
    return static
  end
  counter = counter + 1
  local nonce = string.format("%s%04x-%012x", prefix, 0x8000 + (thread_number or 0), counter)
  return wrk.format(nil, nil, nil, '{"clientId":"demo-web","nonce":"' .. nonce .. '"}')
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "HARNESS requests=%d seconds=%.2f rps=%.1f non2xx=%d socket_errors=%d "
      .. "p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f mean_ms=%.3f\n",
    summary.requests, seconds, summary.requests / seconds, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
end
