-- wrk script of scripts/flood: every request is a complete report with a small
-- attachment, each from a different client address as a trusted proxy (nginx) would
-- vouch for it in X-Forwarded-For, so the per-client limit never trips first and the
-- flood meets the global limit, as a botnet's would. Counts the answers by status.
local boundary = "----sunshine-flood-51c2"
local function field(name, value)
  return "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="' .. name .. '"\r\n\r\n' .. value .. "\r\n"
end
local body = field("kind", "report") ..
  field("enterprise", "91450500DEM000001J") ..
  field("what", "采购合同金额明显高于市场价，差价流向关联公司。" .. string.rep("详细经过。", 40)) ..
  field("when", "2025年3月") ..
  "--" .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="files"; filename="ledger.txt"\r\n' ..
  "Content-Type: text/plain\r\n\r\n" .. string.rep("evidence line of a scanned ledger\n", 30) .. "\r\n" ..
  "--" .. boundary .. "--\r\n"

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, limited, unavailable, other = 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
end

function request()
  local client = string.format("10.%d.%d.%d", id, math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", nil, {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["X-Forwarded-For"] = client,
  }, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  elseif status == 503 then unavailable = unavailable + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = { ok = 0, limited = 0, unavailable = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("answers 200=%d 429=%d 503=%d other=%d\n", t.ok, t.limited, t.unavailable, t.other))
end
