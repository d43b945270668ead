'use strict';
// A third party's signed call for Keyway's tests (testing/ExternalOAuthClients): npm oauth-1.0a
// signs with HMAC-SHA256 into the Authorization header; Node's http sends it. Credentials and the
// request come from the environment (never the command line); prints the status, a new line, the body.
const http = require('http');
const crypto = require('crypto');
const OAuth = require('oauth-1.0a');

const env = process.env;
const oauth = new OAuth({
	consumer: { key: env.OAUTH_CONSUMER_KEY, secret: env.OAUTH_CONSUMER_SECRET },
	signature_method: 'HMAC-SHA256',
	hash_function(base, key) {
		return crypto.createHmac('sha256', key).update(base).digest('base64');
	},
});
const url = new URL(env.CALL_URL);
// oauth-1.0a reads the query of the URL it is given and percent-encodes the names once more
// (searchCriteria%5B...); given the decoded pairs as data and the URL without its query, it
// encodes them once, as RFC 5849 says. That is how a connector uses it against Magento.
// CALL_QUERY_IN_URL=1 makes the common mistake instead: the whole URL given to oauth-1.0a, which signs
// the query as it stands, so names already percent-encoded (%5B) are encoded twice (issue 16's hint).
const naive = env.CALL_QUERY_IN_URL === '1';
const data = {};
if (!naive) {
	for (const [name, value] of url.searchParams) {
		data[name] = (name in data) ? [].concat(data[name], value) : value;
	}
}
const base = naive ? url.href : url.origin + url.pathname;
const authorization = oauth.toHeader(oauth.authorize({ url: base, method: env.CALL_METHOD, data },
	{ key: env.OAUTH_TOKEN, secret: env.OAUTH_TOKEN_SECRET }));
const headers = { ...authorization, Accept: 'application/json' };
const body = env.CALL_BODY || '';
if (body) {
	headers['Content-Type'] = 'application/json';
	headers['Content-Length'] = Buffer.byteLength(body);
}
const request = http.request(url, { method: env.CALL_METHOD, headers }, (response) => {
	const chunks = [];
	response.on('data', (chunk) => chunks.push(chunk));
	response.on('end', () => {
		process.stdout.write(response.statusCode + '\n' + Buffer.concat(chunks).toString('utf8'));
	});
});
request.on('error', (error) => {
	process.stderr.write(String(error) + '\n');
	process.exit(3);
});
if (body) request.write(body);
request.end();
