-- wrk script: POSTs a realistic Sentry envelope (one Node error event, about 4 KB) per request,
-- in the shape @sentry/node 11 sends (../shared/reference/captures/sentry-node-envelope-4-event.txt):
-- no Content-Type, key in the query string, an item header without `length`.
--
-- Every request carries a fresh 32-hex event_id (in the envelope header and in the event), so the
-- server's (project, event_id) uniqueness never folds two requests into one stored event. Four error
-- variants rotate so the digest sees a few issues rather than one.
--
-- done() (bench/lib/answer-counts.lua) prints the totals line bench/lib/wrk.ts parses.
--
-- With BENCH_ACK_FILE set, each thread also appends the id of every 200 `{"id":"…"}` answer, one per
-- line, to BENCH_ACK_FILE.<thread>, so the bench can check each acknowledged event was stored.

-- Counters, seeding and done() shared with the other bench scripts, found beside this script
-- whatever directory wrk was started in (wrk loads the script by the path it was given).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "lib/answer-counts.lua")

local parts = {}
local variants = {}
local public_key = "PUBLICKEY"
local iso_second = -1
local iso_text = ""
local ack_file = nil

-- JSON string literal for the plain ASCII text used below.
local function q(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    if c == "\n" then return "\\n" end
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local function hex32()
  local r = math.random
  return string.format("%04x%04x%04x%04x%04x%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xffff),
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

local function frame(f)
  local out = '{"filename":' .. q(f[1]) .. ',"module":' .. q(f[2]) .. ',"function":' .. q(f[3])
    .. ',"lineno":' .. f[4] .. ',"colno":' .. f[5] .. ',"in_app":' .. tostring(f[6])
  if f[7] then out = out .. ',"context_line":' .. q(f[7]) end
  return out .. "}"
end

-- Outermost first, as Sentry orders frames.
local library_frames = {
  { "node:internal/process/task_queues", "task_queues", "process.processTicksAndRejections", 95, 5, false },
  { "node:async_hooks", "node:async_hooks", "AsyncLocalStorage.run", 346, 14, false },
  { "/srv/shop/node_modules/express/lib/router/index.js", "express.lib.router:index", "next", 280, 10, false,
    "      layer.handle_request(req, res, next);" },
  { "/srv/shop/node_modules/express/lib/router/layer.js", "express.lib.router:layer", "Layer.handle [as handle_request]",
    95, 5, false, "    fn(req, res, next);" },
  { "/srv/shop/node_modules/express/lib/router/route.js", "express.lib.router:route", "Route.dispatch", 119, 3, false,
    "  next();" },
  { "/srv/shop/node_modules/@sentry/core/build/esm/tracing/trace.js", "@sentry.core.build.esm.tracing:trace", "?",
    122, 12, false, "    return callback(scope);" },
  { "/srv/shop/node_modules/@sentry/core/build/esm/utils/handleCallbackErrors.js",
    "@sentry.core.build.esm.utils:handleCallbackErrors", "handleCallbackErrors", 9, 26, false,
    "    maybePromiseResult = fn();" },
  { "/srv/shop/src/middleware/auth.js", "src.middleware:auth", "requireUser", 41, 12, true,
    "  return next();" },
}

local error_variants = {
  { "TypeError", "Cannot read properties of undefined (reading 'number')", "chargeCard", "src.payments:charge",
    "/srv/shop/src/payments/charge.js", "  const last4 = order.card.number.slice(-4);" },
  { "RangeError", "Invalid array length", "buildInvoiceLines", "src.billing:invoice",
    "/srv/shop/src/billing/invoice.js", "  const lines = new Array(count - 1);" },
  { "Error", "connect ECONNREFUSED 127.0.0.1:6379", "getCachedCart", "src.cart:cache",
    "/srv/shop/src/cart/cache.js", "  const raw = await redis.get(`cart:${userId}`);" },
  { "SyntaxError", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON", "fetchRates", "src.shipping:rates",
    "/srv/shop/src/shipping/rates.js", "  const rates = JSON.parse(body);" },
}

local function event_template(v)
  local frames = {}
  for i, f in ipairs(library_frames) do frames[i] = frame(f) end
  table.insert(frames, frame({ "/srv/shop/src/routes/checkout.js", "src.routes:checkout", "handleCheckout", 57, 18, true,
    "    const receipt = await completeOrder(req.user, req.body);" }))
  table.insert(frames, frame({ "/srv/shop/src/orders/complete.js", "src.orders:complete", "completeOrder", 23, 9, true,
    "  await " .. v[3] .. "(order);" }))
  table.insert(frames, frame({ v[5], v[4], v[3], 14, 27, true, v[6] }))

  return '{"exception":{"values":[{"type":' .. q(v[1]) .. ',"value":' .. q(v[2])
    .. ',"stacktrace":{"frames":[' .. table.concat(frames, ",") .. ']}'
    .. ',"mechanism":{"type":"auto.middleware.express","handled":false}}]}'
    .. ',"event_id":"\1","level":"error","platform":"node"'
    .. ',"contexts":{"trace":{"span_id":"90c0085ad3b7df96","trace_id":"\3"}'
    .. ',"runtime":{"name":"node","version":"v20.20.2"}'
    .. ',"os":{"name":"Debian","version":"12.11"}'
    .. ',"device":{"arch":"x64","memory_size":25276063744,"free_memory":24723746816,"processor_count":2}'
    .. ',"culture":{"locale":"en-US","timezone":"UTC"}}'
    .. ',"server_name":"shop-web-3","timestamp":\2,"environment":"production","release":"shop@2.4.1"'
    .. ',"request":{"method":"POST","url":"https://shop.example.com/api/checkout","query_string":"step=pay",'
    .. '"headers":{"host":"shop.example.com","user-agent":"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}}'
    .. ',"sdk":{"integrations":["InboundFilters","FunctionToString","LinkedErrors","Dedupe","RequestData",'
    .. '"Console","Http","OnUncaughtException","ContextLines","Express"],"name":"sentry.javascript.node",'
    .. '"version":"11.12.0","packages":[{"name":"npm:@sentry/node","version":"11.12.0"}]}'
    .. ',"tags":{"feature":"checkout","region":"eu","payment_provider":"stripe"}'
    .. ',"user":{"id":"42","email":"dev@example.com","username":"dev","ip_address":"203.0.113.7"}'
    .. ',"breadcrumbs":['
    .. '{"timestamp":\2,"category":"http","type":"http","data":{"method":"GET","url":"https://api.example.com/rates","status_code":200}},'
    .. '{"timestamp":\2,"category":"console","level":"log","message":"cart loaded: 3 items"},'
    .. '{"timestamp":\2,"category":"auth","message":"user logged in","level":"info"},'
    .. '{"timestamp":\2,"category":"query","message":"SELECT * FROM orders WHERE id = ?","data":{"db.system":"postgresql"}}]'
    .. ',"modules":{"@sentry/node":"^11.12.0","express":"4.21.2","ioredis":"5.4.1","pg":"8.13.1"}}'
end

-- Splits a template at its markers once, so that request() only concatenates: \1 event id,
-- \2 event timestamp, \3 trace id, \4 sent_at.
local function split(template)
  local out = {}
  local pos = 1
  while true do
    local s = template:find("[\1\2\3\4]", pos)
    if not s then break end
    table.insert(out, template:sub(pos, s - 1))
    table.insert(out, template:byte(s))
    pos = s + 1
  end
  table.insert(out, template:sub(pos))
  return out
end

function init(args)
  seed_random()
  public_key = wrk.path:match("sentry_key=([%w]+)") or public_key

  for i, v in ipairs(error_variants) do
    local header = '{"event_id":"\1","sent_at":"\4","sdk":{"name":"sentry.javascript.node","version":"11.12.0"},'
      .. '"trace":{"environment":"production","release":"shop@2.4.1","public_key":' .. q(public_key) .. ','
      .. '"trace_id":"\3","transaction":"POST /api/checkout","sampled":"true","sample_rate":"1"}}'
    variants[i] = split(header .. '\n{"type":"event"}\n' .. event_template(v) .. "\n")
  end
  local ack_path = os.getenv("BENCH_ACK_FILE")
  if ack_path and ack_path ~= "" then
    -- Fully buffered: flushed when wrk exits, so the load generator does not pay a write per answer.
    ack_file = io.open(ack_path .. "." .. (tid or 0), "w")
    ack_file:setvbuf("full", 1048576)
  end
  wrk.headers["User-Agent"] = "sentry.javascript.node/11.12.0"
  wrk.headers["Content-Type"] = nil
end

function request()
  sent = sent + 1
  local now = os.time()
  if now ~= iso_second then
    iso_second = now
    iso_text = os.date("!%Y-%m-%dT%H:%M:%S.000Z", now)
  end
  local event_id = hex32()
  local trace_id = hex32()
  local ts = string.format("%d.%03d", now, sent % 1000)
  local tpl = variants[(sent % #variants) + 1]
  local buf = {}
  for i, p in ipairs(tpl) do
    if p == 1 then
      buf[i] = event_id
    elseif p == 2 then
      buf[i] = ts
    elseif p == 3 then
      buf[i] = trace_id
    elseif p == 4 then
      buf[i] = iso_text
    else
      buf[i] = p
    end
  end
  local body = table.concat(buf)
  bytes = bytes + #body
  return wrk.format("POST", nil, nil, body)
end

function response(status, headers, body)
  count_answer(status)
  if status == 200 and ack_file then
    local id = body:match('"id":"(%x+)"')
    if id then ack_file:write(id, "\n") end
  end
end
