-- wrk script of scripts/bench-reports: every request sends one complete report with a
-- small attachment, as a browser without JavaScript would (multipart/form-data).
local boundary = "----sunshine-bench-7f3a"
local function field(name, value)
  return "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="' .. name .. '"\r\n\r\n' .. value .. "\r\n"
end
local attachment = string.rep("evidence line of a scanned ledger\n", 30)
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = field("kind", "report") ..
  field("enterprise", "91450500DEM000001J") ..
  field("what", "采购合同金额明显高于市场价，差价流向关联公司。" .. string.rep("详细经过。", 40)) ..
  field("when", "2025年3月") ..
  field("amounts", "约300万元") ..
  "--" .. boundary .. "\r\n" ..
  'Content-Disposition: form-data; name="files"; filename="ledger.txt"\r\n' ..
  "Content-Type: text/plain\r\n\r\n" .. attachment .. "\r\n" ..
  "--" .. boundary .. "--\r\n"

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
