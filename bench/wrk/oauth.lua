-- wrk script: every request a valid, unique OAuth 1.0a HMAC-SHA256 signed call (RFC 5849), or a
-- guest / Bearer call, for Keyway and the peers. Configured through the environment:
--
--   KW_MODE    signed (default) | guest | bearer | post (signed POST of a new product, S3) |
--              verify (GET /auth/verify with X-Original-Method/-URI, signed for KW_PATH: what nginx's
--              auth_request sends) | badsig (signed, then one signature character changed: refused)
--   KW_CREDS   file of "consumer_key consumer_secret access_token access_token_secret" lines;
--              signed requests use them round robin (S5 spreads over 100,000 of them)
--   KW_PATH    path and query as sent, e.g. /rest/V1/products?searchCriteria[pageSize]=20
--   KW_START   index of the first credentials line to use (default 0)
--
-- Made for speed (a naive script caps wrk at a third of the rate): the base string is cut at init
-- into constant parts around the consumer key, nonce, timestamp and token, so a request costs one
-- string concatenation, one HMAC (over a key pre-hashed to 32 bytes, which RFC 2104 makes
-- equivalent to the 65-byte key), and a table-driven base64 that writes the percent-encoded
-- signature directly. Nonces are <run id><thread id>x<counter>: unique across threads and runs.
-- done() prints one line "WRKJSON {...}" for bench/bench.py.

local hmac = require "openssl.hmac"
local digest = require "openssl.digest"
local bit = require "bit"
local band, rshift, lshift, bor = bit.band, bit.rshift, bit.lshift, bit.bor
local byte, char, concat = string.byte, string.char, table.concat

local mode = os.getenv("KW_MODE") or "signed"
local path = os.getenv("KW_PATH") or "/rest/V1/store/storeConfigs"
local credsFile = os.getenv("KW_CREDS")

-- RFC 3986 percent-encoding of the unreserved set, as RFC 5849 3.6 asks
local function enc(s)
	return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", byte(c)) end))
end

local function dec(s)
	s = s:gsub("+", " ")
	return (s:gsub("%%(%x%x)", function(h) return char(tonumber(h, 16)) end))
end

local function readCreds(file)
	local list = {}
	for line in io.lines(file) do
		local ck, cs, at, ats = line:match("^(%S+)%s+(%S+)%s+(%S+)%s+(%S+)")
		if ck then
			list[#list + 1] = { ck = ck, key = digest.new("sha256"):final(enc(cs) .. "&" .. enc(ats)), at = at }
		end
	end
	return list
end

-- base64 of a 32-byte digest, '+', '/' and '=' already percent-encoded for the header
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local PAIR = {}  -- 12 bits -> two encoded base64 characters
local ONE = {}   -- 6 bits -> one encoded base64 character
for i = 0, 63 do
	local c = B64:sub(i + 1, i + 1)
	ONE[i] = (c == "+") and "%2B" or ((c == "/") and "%2F" or c)
end
for i = 0, 4095 do
	PAIR[i] = ONE[rshift(i, 6)] .. ONE[band(i, 63)]
end
local parts = {}
local function b64sig(d)
	local n = 0
	for i = 1, 30, 3 do
		local a, b, c = byte(d, i, i + 2)
		local v = bor(lshift(a, 16), lshift(b, 8), c)
		parts[n + 1] = PAIR[rshift(v, 12)]
		parts[n + 2] = PAIR[band(v, 4095)]
		n = n + 2
	end
	local a, b = byte(d, 31, 32)
	local v = bor(lshift(a, 8), b)                      -- 16 bits -> 3 characters + '='
	parts[n + 1] = ONE[rshift(v, 10)]
	parts[n + 2] = ONE[band(rshift(v, 4), 63)]
	parts[n + 3] = ONE[band(lshift(v, 2), 63)]
	parts[n + 4] = "%3D"
	return concat(parts, "", 1, n + 4)
end

local counter = 0
local staticRequest -- guest and bearer: one constant request
local nonceBase = ""
local creds, ncreds, ci = nil, 0, 0
local ts, tsLeft = "0", 0
local method = (mode == "post") and "POST" or "GET"

-- constant pieces, filled by init
local P1, P2, P3, P4, P5 -- base string: P1 ck P2 nonce P3 ts P4 token P5
local H1, H2, H3, H4, H5 -- request: H1 ck H2 nonce H3 ts H4 token H5 signature H6
local H6

function setup(thread)
	-- a run id shared by the threads, and a thread number, for unique nonces
	if not _G.runId then
		local f = io.open("/dev/urandom", "rb")
		local r = f:read(6)
		f:close()
		local s = {}
		for i = 1, 6 do
			s[i] = string.sub("0123456789abcdefghijklmnopqrstuvwxyz", byte(r, i) % 36 + 1, byte(r, i) % 36 + 1)
		end
		_G.runId = concat(s)
		_G.threads = 0
	end
	_G.threads = _G.threads + 1
	thread:set("tid", _G.threads)
	thread:set("rid", _G.runId)
end

function init(args)
	local host = wrk.host
	local port = tonumber(wrk.port) or 80
	local hostHeader = host .. ((port ~= 80) and (":" .. port) or "")
	local q = path:find("?", 1, true)
	local rawPath = q and path:sub(1, q - 1) or path
	local query = q and path:sub(q + 1) or ""
	local baseUri = "http://" .. hostHeader:lower() .. rawPath
	nonceBase = (rid or "r") .. (tid or 1) .. "x"

	if mode == "guest" or mode == "bearer" then
		local auth = ""
		if mode == "bearer" then
			local line = io.lines(credsFile)()
			auth = "Authorization: Bearer " .. line:match("^%S+%s+%S+%s+(%S+)") .. "\r\n"
		end
		staticRequest = "GET " .. path .. " HTTP/1.1\r\nHost: " .. hostHeader .. "\r\n" .. auth .. "\r\n"
		return
	end

	creds = readCreds(credsFile)
	ncreds = #creds
	-- KW_START: where in the credentials this run begins (S5 spreads its runs over all of them)
	ci = (tonumber(os.getenv("KW_START") or "0") or 0) % ncreds
	-- the normalized parameters (RFC 5849 3.4.1.3.2): query pairs and oauth_*, sorted by encoded
	-- name; values of nonce and timestamp are unreserved characters, so encoding leaves them alone
	local params = {}
	for pair in query:gmatch("[^&]+") do
		local eq = pair:find("=", 1, true)
		local n = eq and pair:sub(1, eq - 1) or pair
		local v = eq and pair:sub(eq + 1) or ""
		params[#params + 1] = { enc(dec(n)), enc(dec(v)) }
	end
	local CK, NONCE, TS, TOKEN = "\1", "\2", "\3", "\4"
	params[#params + 1] = { "oauth_consumer_key", CK }
	params[#params + 1] = { "oauth_nonce", NONCE }
	params[#params + 1] = { "oauth_signature_method", "HMAC-SHA256" }
	params[#params + 1] = { "oauth_timestamp", TS }
	params[#params + 1] = { "oauth_token", TOKEN }
	params[#params + 1] = { "oauth_version", "1.0" }
	table.sort(params, function(a, b) return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2]) end)
	local norm = {}
	for i, p in ipairs(params) do norm[i] = p[1] .. "=" .. p[2] end
	local base = method .. "&" .. enc(baseUri) .. "&" .. enc(concat(norm, "&"))
	-- the markers \1..\4 were encoded to %01..%04; cut the base string there
	P1, P2, P3, P4, P5 = base:match("^(.-)%%01(.-)%%02(.-)%%03(.-)%%04(.*)$")
	assert(P1, "cannot cut the base string " .. base)

	local extra = ""
	local line = path
	if mode == "post" then
		extra = "Content-Type: application/json\r\n"
	elseif mode == "verify" then
		line = "/auth/verify"
		extra = "X-Original-Method: " .. method .. "\r\nX-Original-URI: " .. path .. "\r\n"
	end
	H1 = method .. " " .. line .. " HTTP/1.1\r\nHost: " .. hostHeader .. "\r\n" .. extra
		.. "Authorization: OAuth oauth_consumer_key=\""
	H2 = "\",oauth_nonce=\""
	H3 = "\",oauth_signature_method=\"HMAC-SHA256\",oauth_timestamp=\""
	H4 = "\",oauth_token=\""
	H5 = "\",oauth_version=\"1.0\",oauth_signature=\""
	H6 = "\"\r\n"
end

function request()
	if staticRequest then
		return staticRequest
	end
	counter = counter + 1
	tsLeft = tsLeft - 1
	if tsLeft <= 0 then
		ts = tostring(os.time())
		tsLeft = 500
	end
	ci = ci + 1
	if ci > ncreds then ci = 1 end
	local c = creds[ci]
	local nonce = nonceBase .. counter
	local sig = b64sig(hmac.new(c.key, "sha256"):final(P1 .. c.ck .. P2 .. nonce .. P3 .. ts .. P4 .. c.at .. P5))
	if mode == "badsig" then -- a wrong signature of a known consumer: a refusal filed under its integration
		sig = ((byte(sig, 1) == 65) and "B" or "A") .. sig:sub(2)
	end
	local head = H1 .. c.ck .. H2 .. nonce .. H3 .. ts .. H4 .. c.at .. H5 .. sig .. H6
	if mode == "post" then
		local body = '{"product":{"sku":"bench-' .. nonce .. '","name":"Bench ' .. nonce
			.. '","price":9.5,"attribute_set_id":4,"type_id":"simple"}}'
		return head .. "Content-Length: " .. #body .. "\r\n\r\n" .. body
	end
	return head .. "\r\n"
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,'
			.. '"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
		summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
		latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
		latency.max, latency.mean))
end
