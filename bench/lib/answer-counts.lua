-- What every bench wrk script counts, loaded by each with dofile (bench/envelope.lua, tag-event.lua):
-- per-thread counters, a per-thread random seed, and done(), which sums the threads and prints the
-- one line bench/lib/wrk.ts parses:
--   faultline-bench sent=N ok=N other=N bytes=N statuses=CODE:N,CODE:N
-- `ok` counts 200 answers; `sent` counts requests built (an upper bound on what the server saw).
-- The script itself adds to `sent` and `bytes` in request() and calls count_answer() in response().

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state); globals, so that done() can read them
-- from each thread with thread:get().
sent = 0
ok = 0
other = 0
bytes = 0
statuses = {}

-- Seeds math.random from the time, the thread and /dev/urandom, so that threads and runs started in
-- the same second still draw different ids.
function seed_random()
  local seed = os.time() * 1000 + (tid or 0) * 7919
  local f = io.open("/dev/urandom", "rb")
  if f then
    local b = f:read(6)
    f:close()
    for i = 1, #b do seed = (seed * 256 + b:byte(i)) % 4503599627370496 end
  end
  math.randomseed(seed)
end

-- Counts one answer: a 200, or another status counted by its code.
function count_answer(status)
  if status == 200 then
    ok = ok + 1
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local totals = { sent = 0, ok = 0, other = 0, bytes = 0 }
  local codes = {}
  for _, t in ipairs(threads) do
    for k in pairs(totals) do totals[k] = totals[k] + t:get(k) end
    local st = t:get("statuses")
    if type(st) == "table" then
      for code, n in pairs(st) do codes[code] = (codes[code] or 0) + n end
    end
  end
  local list = {}
  for code, n in pairs(codes) do table.insert(list, code .. ":" .. n) end
  io.write(string.format("faultline-bench sent=%d ok=%d other=%d bytes=%d statuses=%s\n",
    totals.sent, totals.ok, totals.other, totals.bytes, table.concat(list, ",")))
end
