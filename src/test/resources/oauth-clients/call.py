# A third party's signed call for Keyway's tests (testing/ExternalOAuthClients): Python's oauthlib
# (Debian python3-oauthlib) signs with HMAC-SHA256 into the Authorization header; urllib sends it.
# Credentials and the request come from the environment; prints the status, a new line, the body.
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from oauthlib import oauth1

env = os.environ
client = oauth1.Client(env["OAUTH_CONSUMER_KEY"], client_secret=env["OAUTH_CONSUMER_SECRET"],
                       resource_owner_key=env["OAUTH_TOKEN"], resource_owner_secret=env["OAUTH_TOKEN_SECRET"],
                       signature_method=oauth1.SIGNATURE_HMAC_SHA256)
body = env.get("CALL_BODY") or None
headers = {"Accept": "application/json"}
if body:
    headers["Content-Type"] = "application/json"
# oauthlib takes only a percent-encoded query (raw brackets are refused): encode it as a Python
# client builds one (urlencode of the pairs, as requests' params= does).
parts = urllib.parse.urlsplit(env["CALL_URL"])
query = urllib.parse.urlencode(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
url = urllib.parse.urlunsplit(parts._replace(query=query))
# A JSON body is not form-encoded, so oauthlib leaves it out of the signature, as Magento does.
uri, headers, _ = client.sign(url, http_method=env["CALL_METHOD"], body=body, headers=headers)
request = urllib.request.Request(uri, data=body.encode("utf-8") if body else None, headers=headers,
                                 method=env["CALL_METHOD"])
try:
    with urllib.request.urlopen(request, timeout=20) as response:
        status, text = response.status, response.read().decode("utf-8")
except urllib.error.HTTPError as error:
    status, text = error.code, error.read().decode("utf-8")
sys.stdout.write("%d\n%s" % (status, text))
