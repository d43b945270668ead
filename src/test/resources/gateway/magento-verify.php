<?php
// A stand-in for Magento's Web API behind Keyway (MagentoUpstreamTests): checks the OAuth 1.0a
// signature of each call with PHP's PECL OAuthProvider, an implementation independent of Keyway's.
// Started as `php -S 127.0.0.1:<port> magento-verify.php` with the credentials Keyway holds at this
// "Magento" in the environment: MAGENTO_CK, MAGENTO_CS, MAGENTO_AT, MAGENTO_ATS.
header('Content-Type: application/json');
$bearer = $_SERVER['HTTP_AUTHORIZATION'] ?? '';
if (str_starts_with($bearer, 'Bearer ')) {
	$ok = hash_equals(getenv('MAGENTO_AT'), substr($bearer, 7));
	http_response_code($ok ? 200 : 401);
	echo json_encode($ok ? ['verified' => 'bearer', 'method' => $_SERVER['REQUEST_METHOD'],
		'uri' => $_SERVER['REQUEST_URI']] : ['message' => 'The bearer token is not known.']);
	return;
}
try {
	$provider = new OAuthProvider();
	$provider->consumerHandler(function ($p) {
		if ($p->consumer_key !== getenv('MAGENTO_CK')) {
			return OAUTH_CONSUMER_KEY_UNKNOWN;
		}
		$p->consumer_secret = getenv('MAGENTO_CS');
		return OAUTH_OK;
	});
	$provider->tokenHandler(function ($p) {
		if ($p->token !== getenv('MAGENTO_AT')) {
			return OAUTH_TOKEN_REJECTED;
		}
		$p->token_secret = getenv('MAGENTO_ATS');
		return OAUTH_OK;
	});
	$provider->timestampNonceHandler(function ($p) {
		static $seen = [];
		if (abs(time() - (int) $p->timestamp) > 300) {
			return OAUTH_BAD_TIMESTAMP;
		}
		$file = sys_get_temp_dir() . '/keyway-magento-nonce-' . sha1($p->consumer_key . '|' . $p->nonce);
		if (file_exists($file)) {
			return OAUTH_BAD_NONCE;
		}
		touch($file);
		return OAUTH_OK;
	});
	// the URL the client signed: this server's own address (php -S has no virtual hosts), its scheme as Magento
	// takes it, from the offloader header (web/secure/offloader_header, X-Forwarded-Proto by default)
	$scheme = (($_SERVER['HTTP_X_FORWARDED_PROTO'] ?? '') === 'https') ? 'https' : 'http';
	$url = $scheme . '://' . $_SERVER['SERVER_NAME'] . ':' . $_SERVER['SERVER_PORT'] . $_SERVER['REQUEST_URI'];
	$provider->checkOAuthRequest($url, $_SERVER['REQUEST_METHOD']);
	if ($provider->signature_method !== 'HMAC-SHA256') {
		throw new OAuthException('signature_method is ' . $provider->signature_method . ', not HMAC-SHA256', 0);
	}
	echo json_encode(['verified' => 'oauth', 'method' => $_SERVER['REQUEST_METHOD'], 'uri' => $_SERVER['REQUEST_URI'],
		'consumer_key' => $provider->consumer_key, 'post' => $_POST, 'body' => file_get_contents('php://input')]);
}
catch (OAuthException $e) {
	http_response_code(401);
	// the problem only: the rest of the report (debug_sbs) would show the client the token Keyway uses
	$problem = explode('&', OAuthProvider::reportProblem($e, false))[0];
	echo json_encode(['message' => 'OAuthProvider refused the call: ' . $problem]);
}
