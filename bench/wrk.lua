-- One wrk script for every workload of bench/run.sh. The workload and its
-- inputs come from the environment (wrk's Lua has no other channel into
-- its per-thread states):
--
--   BENCH_WORKLOAD  login | file | get | queue | claim | mix | path
--   BENCH_LOGIN     JSON body of a login request            (login)
--   BENCH_FILE      JSON body of a filing                   (file, mix)
--   BENCH_FILER     bearer token of the filer               (file, mix)
--   BENCH_READER    bearer token of the reader              (get, queue, path, mix)
--   BENCH_STAFF     bearer token of the department's staff  (claim, mix)
--   BENCH_IDS       file of ticket ids to read, one a line  (get, mix)
--   BENCH_CLAIMS    file of dispatched ticket ids to claim  (claim, mix)
--   BENCH_PATH      the path to GET                         (queue, path, mix)
--
-- `done` prints one line `RESULT {json}` for the driver to collect.

local workload = os.getenv("BENCH_WORKLOAD") or "path"

local function lines(path)
  local out = {}
  if path == nil or path == "" then
    return out
  end
  for line in io.lines(path) do
    if line ~= "" then
      out[#out + 1] = line
    end
  end
  return out
end

local counter = 0

function setup(thread)
  -- Each thread claims a disjoint slice of the claimable tickets: every
  -- BENCH_THREADS-th one, starting at its own index.
  thread:set("thread_index", counter)
  counter = counter + 1
end

local ids, claims, claim_next, step
local json_headers

function init(args)
  ids = lines(os.getenv("BENCH_IDS"))
  claims = lines(os.getenv("BENCH_CLAIMS"))
  local index = thread_index or 0
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
  claim_next = index + 1
  math.randomseed(os.time() + index * 7919)
end

local function bearer(var)
  return { ["authorization"] = "Bearer " .. (os.getenv(var) or ""),
           ["content-type"] = "application/json" }
end

local function get_ticket()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/tickets/" .. id, bearer("BENCH_READER"))
end

local function get_path()
  return wrk.format("GET", os.getenv("BENCH_PATH"), bearer("BENCH_READER"))
end

local function file_ticket()
  return wrk.format("POST", "/api/v1/tickets", bearer("BENCH_FILER"), os.getenv("BENCH_FILE"))
end

local function claim_ticket()
  local id = claims[claim_next]
  if id == nil then
    -- Out of claimable tickets: wrap; the conflicts show up as errors.
    claim_next = (thread_index or 0) + 1
    id = claims[claim_next] or "00000000-0000-0000-0000-000000000000"
  end
  claim_next = claim_next + step
  return wrk.format("POST", "/api/v1/tickets/" .. id .. "/claim", bearer("BENCH_STAFF"))
end

local function login()
  return wrk.format("POST", "/api/v1/auth/login", { ["content-type"] = "application/json" },
    os.getenv("BENCH_LOGIN"))
end

function request()
  if workload == "login" then
    return login()
  elseif workload == "file" then
    return file_ticket()
  elseif workload == "get" then
    return get_ticket()
  elseif workload == "claim" then
    return claim_ticket()
  elseif workload == "mix" then
    -- 60 % reads (half one ticket, half the queue), 30 % filings, 10 % claims.
    local r = math.random(100)
    if r <= 30 then
      return get_ticket()
    elseif r <= 60 then
      return get_path()
    elseif r <= 90 then
      return file_ticket()
    else
      return claim_ticket()
    end
  else
    return get_path()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.0f}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
