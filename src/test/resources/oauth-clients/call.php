<?php
// A third party's signed call for Keyway's tests (testing/ExternalOAuthClients): PHP's PECL OAuth
// extension (Debian php-oauth), the client many Magento connectors are written with, HMAC-SHA256 in
// the Authorization header. Credentials and the request come from the environment; prints the
// status, a new line, the body.
$oauth = new OAuth(getenv('OAUTH_CONSUMER_KEY'), getenv('OAUTH_CONSUMER_SECRET'), OAUTH_SIG_METHOD_HMACSHA256,
	OAUTH_AUTH_TYPE_AUTHORIZATION);
$oauth->setToken(getenv('OAUTH_TOKEN'), getenv('OAUTH_TOKEN_SECRET'));
$oauth->disableSSLChecks();
$body = getenv('CALL_BODY');
$headers = ['Accept' => 'application/json'];
if ($body !== false && $body !== '') {
	$headers['Content-Type'] = 'application/json';
}
$method = getenv('CALL_METHOD') === 'POST' ? OAUTH_HTTP_METHOD_POST : OAUTH_HTTP_METHOD_GET;
try {
	// A string body is sent as it is and not signed (only form parameters are), as Magento expects.
	$oauth->fetch(getenv('CALL_URL'), ($body !== false && $body !== '') ? $body : [], $method, $headers);
}
catch (OAuthException $e) {
	// fetch throws on any status but 2xx; the status and body are still the response's.
}
$info = $oauth->getLastResponseInfo();
echo $info['http_code'], "\n", $oauth->getLastResponse();
