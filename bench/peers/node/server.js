'use strict';
// Reference OAuth 1.0a verifier for Keyway's benchmark (issue 7): a plain Node http server that
// verifies HMAC-SHA256 signed calls with npm's oauth-1.0a (base string and signing key), checks the
// consumer key, the access token, the timestamp window (600 s both ways) and spends each nonce once
// (in memory, expired ones dropped), then answers the same JSON body as Keyway's
// GET /rest/V1/store/storeConfigs. Anything else gets 401. One process, one thread.
//
//   node server.js <port> <credentials file: "key secret token token-secret"> <body file>
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const OAuth = require('oauth-1.0a');

const [port, credsFile, bodyFile] = process.argv.slice(2);
const [consumerKey, consumerSecret, token, tokenSecret] = fs.readFileSync(credsFile, 'ascii').split('\n')[0].trim().split(/\s+/);
const body = fs.readFileSync(bodyFile);
const WINDOW = 600;

const oauth = new OAuth({
	consumer: { key: consumerKey, secret: consumerSecret },
	signature_method: 'HMAC-SHA256',
	hash_function(base, key) {
		return crypto.createHmac('sha256', key).update(base).digest('base64');
	},
});

const nonces = new Map(); // nonce -> timestamp
let inserts = 0;

function parseHeader(header) {
	if (!header || header.slice(0, 6).toLowerCase() !== 'oauth ') return null;
	const params = {};
	for (const part of header.slice(6).split(',')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const name = decodeURIComponent(part.slice(0, eq).trim());
		let value = part.slice(eq + 1).trim();
		if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
		if (name.startsWith('oauth_')) params[name] = decodeURIComponent(value);
	}
	return params;
}

function refuse(res, message) {
	res.writeHead(401, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify({ message }));
}

function equal(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

http.createServer((req, res) => {
	const p = parseHeader(req.headers.authorization);
	if (!p) return refuse(res, 'not signed');
	if (p.oauth_consumer_key !== consumerKey || !equal(p.oauth_token || '', token)) return refuse(res, 'unknown credentials');
	if (p.oauth_signature_method !== 'HMAC-SHA256') return refuse(res, 'unsupported method');
	const now = Math.floor(Date.now() / 1000);
	const ts = parseInt(p.oauth_timestamp, 10);
	if (!(ts > 0) || Math.abs(now - ts) > WINDOW) return refuse(res, 'timestamp');
	const signature = p.oauth_signature || '';
	const data = Object.assign({}, p);
	delete data.oauth_signature;
	const expected = oauth.getSignature({ url: 'http://' + req.headers.host + req.url, method: req.method, data: {} },
		tokenSecret, data);
	if (!equal(expected, signature)) return refuse(res, 'signature');
	if (nonces.has(p.oauth_nonce)) return refuse(res, 'nonce used');
	nonces.set(p.oauth_nonce, ts);
	if (++inserts % 100000 === 0) {
		for (const [n, t] of nonces) if (now - t > WINDOW) nonces.delete(n);
	}
	res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
	res.end(body);
}).listen(Number(port), '127.0.0.1');
