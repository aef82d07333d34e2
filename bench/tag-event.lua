-- wrk script: POSTs a realistic per-event tag-monitoring payload per request, in the shape the Probr
-- listener tag for server-side GTM sends (../shared/reference/seed-contracts.md §2, "Ingest (per
-- event)"): Content-Type application/json, the site's key in X-Faultline-Key, a JSON body with
-- container_id, event_name, timestamp_ms, 5 to 10 tags (status and execution_time each), user_data
-- flags, and ecommerce flags on e-commerce events. About 700 bytes on average.
--
-- 4,096 different payloads, built once, are sent in turn, each with the current time as its
-- timestamp. They vary the event (mostly page views, a funnel down to purchases), each tag's status
-- (mostly success, some failure, timeout, exception) and execution time, and the user-data and
-- ecommerce flags, so the digest folds realistic counters rather than one constant.
--
-- BENCH_TAG_KEY holds the site's ingest key (any text for the floor server).
--
-- done() (bench/lib/answer-counts.lua) prints the totals line bench/lib/wrk.ts parses.

-- Counters, seeding and done() shared with the other bench scripts, found beside this script
-- whatever directory wrk was started in (wrk loads the script by the path it was given).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "lib/answer-counts.lua")

-- The container's tags, as a GTM server container for a shop would hold them; each event fires a
-- prefix of this list (page views the first five, purchases all ten).
local tags = {
  { "11", "GA4 - Config", 40, 180 },
  { "12", "GA4 - Event", 60, 250 },
  { "15", "Meta CAPI", 150, 900 },
  { "18", "Google Ads Remarketing", 80, 400 },
  { "21", "TikTok Events API", 200, 1200 },
  { "24", "Pinterest CAPI", 150, 800 },
  { "27", "Snap CAPI", 120, 700 },
  { "30", "Google Ads Conversion", 90, 450 },
  { "33", "Bing UET", 70, 350 },
  { "36", "Criteo Events", 180, 1500 },
}

-- Weighted like a shop's traffic: a funnel from page views to purchases.
local events = {
  { "page_view", 5, false, 55 },
  { "view_item", 6, true, 20 },
  { "add_to_cart", 7, true, 12 },
  { "begin_checkout", 8, true, 8 },
  { "purchase", 10, true, 5 },
}
local event_weights = 0
for _, e in ipairs(events) do event_weights = event_weights + e[4] end

local function pick_event()
  local r = math.random(1, event_weights)
  for _, e in ipairs(events) do
    r = r - e[4]
    if r <= 0 then return e end
  end
  return events[1]
end

local function pick_status()
  local r = math.random(1, 1000)
  if r <= 940 then return "success" end
  if r <= 980 then return "failure" end
  if r <= 995 then return "timeout" end
  return "exception"
end

local function flag(chance)
  return math.random() < chance and "true" or "false"
end

-- One payload, split at its timestamp: request() only joins the two halves around the current time.
local function build_payload()
  local e = pick_event()
  local parts = {}
  for i = 1, e[2] do
    local t = tags[i]
    parts[i] = '{"id":"' .. t[1] .. '","name":"' .. t[2] .. '","status":"' .. pick_status()
      .. '","execution_time":' .. math.random(t[3], t[4]) .. "}"
  end
  local buyer = e[1] == "purchase" or e[1] == "begin_checkout"
  local rest = ',"tags":[' .. table.concat(parts, ",") .. "]"
    .. ',"user_data":{"has_email":' .. flag(buyer and 0.85 or 0.3)
    .. ',"has_phone":' .. flag(buyer and 0.4 or 0.1)
    .. ',"has_first_name":' .. flag(buyer and 0.8 or 0.2)
    .. ',"has_last_name":' .. flag(buyer and 0.8 or 0.2)
    .. ',"has_city":' .. flag(buyer and 0.7 or 0.1)
    .. ',"has_country":' .. flag(buyer and 0.9 or 0.5) .. "}"
  if e[3] then
    rest = rest .. ',"ecommerce":{"has_value":' .. flag(0.98) .. ',"has_currency":' .. flag(0.98)
      .. ',"has_transaction_id":' .. flag(e[1] == "purchase" and 0.95 or 0) .. ',"has_items":'
      .. flag(0.97) .. "}"
  end
  return { '{"container_id":"GTM-BENCH01","event_name":"' .. e[1] .. '","timestamp_ms":', rest .. "}" }
end

local key = "floor"
local POOL_SIZE = 4096
-- Built once in init(): drawing each payload afresh per request made wrk, not the floor server, the
-- bottleneck of the floor run.
local pool = {}

function init(args)
  seed_random()
  key = os.getenv("BENCH_TAG_KEY") or key
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Faultline-Key"] = key
  for i = 1, POOL_SIZE do pool[i] = build_payload() end
end

function request()
  sent = sent + 1
  local p = pool[sent % POOL_SIZE + 1]
  local body = p[1] .. string.format("%d%03d", os.time(), sent % 1000) .. p[2]
  bytes = bytes + #body
  return wrk.format("POST", nil, nil, body)
end

function response(status, headers, body)
  count_answer(status)
end
