-- wrk script for scripts/load.sh: varied, realistic connection requests as JSON bodies, POSTed to
-- the URL given to wrk (POST /api/v1/screenings, or the bench profile's /bench/echo floor).
--
--   wrk -t2 -c32 -d15s -s scripts/load/screenings.lua URL -- NOTES HEADLINES [MODE] [RATE] [THREADS]
--
-- NOTES, HEADLINES: files with one note or headline a line (# comments; <none> for none).
-- MODE: "history" (default): 90% of requests carry a requester id, so the service locks the
--   requester and counts its history: 15% from 1,000 busy requesters, 70% from 100,000 occasional
--   ones, 5% from 50 mass senders who send one note of their own to many recipients; 10% carry no
--   requester id. "anonymous": no request carries a requester id (no lock, no history queries).
-- RATE: 0 (default) sends as fast as the connections allow (closed loop); above 0, the total
--   requests a second to pace at, split over THREADS wrk threads (give the same number as -t).
--
-- done() prints one line starting with RESULT that scripts/load.sh parses.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bonafide_timespec;
  int clock_gettime(int clock, bonafide_timespec *out);
]]
local timespec = ffi.new("bonafide_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local next_thread_id = 1
function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local function read_lines(path)
  local lines = {}
  local file = assert(io.open(path, "r"), "cannot read " .. tostring(path))
  for line in file:lines() do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      if line == "<none>" then
        lines[#lines + 1] = false
      else
        lines[#lines + 1] = line
      end
    end
  end
  file:close()
  return lines
end

local function json_string(text)
  return '"' .. text:gsub('[\\"]', '\\%0') .. '"'
end

local notes, headlines, mode, interval_ms, next_at
local random = math.random

function init(args)
  notes = read_lines(args[1])
  headlines = read_lines(args[2])
  mode = args[3] or "history"
  local rate = tonumber(args[4] or "0")
  local threads = tonumber(args[5] or "1")
  if rate > 0 then
    interval_ms = 1000 * threads / rate
    next_at = now_ms()
  end
  math.randomseed(os.time() * 1009 + (thread_id or 0) * 7919)
  wrk.headers["Content-Type"] = "application/json"
  local token = os.getenv("BONAFIDE_TOKEN")
  if token then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

local function pick(list)
  return list[random(#list)]
end

local function body()
  local requester, note
  local r = random()
  if mode == "anonymous" or r < 0.10 then
    requester = nil
    note = pick(notes)
  elseif r < 0.15 then
    -- A mass sender: the same note of their own to many recipients.
    local sender = random(50)
    requester = "mass-" .. sender
    note = notes[(sender * 7) % #notes + 1]
  elseif r < 0.30 then
    requester = "busy-" .. random(1000)
    note = pick(notes)
  else
    requester = "member-" .. random(100000)
    note = pick(notes)
  end
  local mutual = 0
  if random(4) > 1 then
    mutual = random(0, random(2) == 1 and 2 or 39)
  end
  local network = random(20, 999)
  if random(10) == 1 then
    network = random(1000, 41000)
  end
  local parts = { "{" }
  if note then
    parts[#parts + 1] = '"message":' .. json_string(note) .. ","
  end
  parts[#parts + 1] = '"mutualConnections":' .. mutual .. ',"requesterNetworkSize":' .. network
  local headline = pick(headlines)
  if requester or headline then
    local requester_parts = {}
    if requester then
      requester_parts[#requester_parts + 1] = '"id":"' .. requester .. '"'
    end
    if headline then
      requester_parts[#requester_parts + 1] = '"headline":' .. json_string(headline)
    end
    parts[#parts + 1] = ',"requester":{' .. table.concat(requester_parts, ",") .. "}"
  end
  parts[#parts + 1] = ',"recipientId":"member-' .. random(200000) .. '"'
  if random(10) == 1 then
    parts[#parts + 1] = ',"knownToRecipient":true'
  end
  parts[#parts + 1] = "}"
  return table.concat(parts)
end

function request()
  return wrk.format("POST", nil, nil, body())
end

function delay()
  if not interval_ms then
    return 0
  end
  local now = now_ms()
  next_at = next_at + interval_ms
  if next_at < now - 1000 then
    next_at = now -- fell behind by more than a second: do not burst to catch up
  end
  local wait = next_at - now
  if wait < 0 then
    return 0
  end
  return wait
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d timeouts=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write, e.timeout))
end
