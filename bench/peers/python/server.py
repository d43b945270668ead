"""Reference OAuth 1.0a verifier for Keyway's benchmark (issue 7): python3-oauthlib's
ResourceEndpoint behind waitress (Debian packages). HMAC-SHA256 signed calls are verified by
oauthlib (signature, timestamp window of 600 s, nonce spent once in memory, expired ones dropped);
accepted calls get the same JSON body as Keyway's GET /rest/V1/store/storeConfigs, others 401.

    python3 server.py <port> <credentials file: "key secret token token-secret"> <body file>
"""
import hmac
import sys
import threading
import time

import waitress
from oauthlib.oauth1 import RequestValidator, ResourceEndpoint, SIGNATURE_HMAC_SHA256

PORT = int(sys.argv[1])
CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET = open(sys.argv[2]).readline().split()
BODY = open(sys.argv[3], "rb").read()
WINDOW = 600


class Validator(RequestValidator):
    """The credentials of one integration; nonces in a dict, pruned by age."""

    enforce_ssl = False

    def __init__(self):
        super().__init__()
        self.nonces = {}
        self.inserts = 0
        self.lock = threading.Lock()  # waitress serves from several threads

    @property
    def allowed_signature_methods(self):
        return (SIGNATURE_HMAC_SHA256,)

    @property
    def client_key_length(self):
        return 32, 32

    @property
    def access_token_length(self):
        return 32, 32

    @property
    def nonce_length(self):
        return 1, 64

    @property
    def dummy_client(self):
        return "x" * 32

    @property
    def dummy_access_token(self):
        return "y" * 32

    def validate_client_key(self, client_key, request):
        return hmac.compare_digest(client_key, CONSUMER_KEY)

    def validate_access_token(self, client_key, token, request):
        return hmac.compare_digest(token, TOKEN)

    def get_client_secret(self, client_key, request):
        return CONSUMER_SECRET

    def get_access_token_secret(self, client_key, token, request):
        return TOKEN_SECRET

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None,
                                     access_token=None):
        key = (client_key, nonce)
        with self.lock:
            if key in self.nonces:
                return False
            self.nonces[key] = int(timestamp)
            self.inserts += 1
            if self.inserts % 100000 == 0:
                cutoff = time.time() - WINDOW
                self.nonces = {k: t for k, t in self.nonces.items() if t >= cutoff}
        return True


endpoint = ResourceEndpoint(Validator())


def app(environ, start_response):
    uri = "http://" + environ["HTTP_HOST"] + environ["PATH_INFO"]
    if environ.get("QUERY_STRING"):
        uri += "?" + environ["QUERY_STRING"]
    headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
    valid, _ = endpoint.validate_protected_resource_request(uri, http_method=environ["REQUEST_METHOD"],
                                                           headers=headers)
    if not valid:
        start_response("401 Unauthorized", [("Content-Type", "application/json")])
        return [b'{"message":"refused"}']
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))])
    return [BODY]


if __name__ == "__main__":
    waitress.serve(app, host="127.0.0.1", port=PORT, _quiet=True)
