#!/bin/sh
# The integration lifecycle through the management API, with curl only: admin token, create with
# Custom resources, activate (four credentials), reauthorize (same consumer key and secret, new access
# token and secret), delete. Run against a server started with ./mvnw spring-boot:run:
#
#   KEYWAY_URL=http://localhost:8080 KEYWAY_ADMIN_PASSWORD=... sh docs/examples/integration-lifecycle.sh
set -eu
url=${KEYWAY_URL:-http://localhost:8080}
user=${KEYWAY_ADMIN_USERNAME:-admin}
password=${KEYWAY_ADMIN_PASSWORD:?set KEYWAY_ADMIN_PASSWORD to the admin password}
json='Content-Type: application/json'

field() { # field <name> <json>: a top-level string or number value (enough for these answers)
	printf '%s' "$2" | sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"
}

token=$(curl -sf -X POST "$url/rest/V1/integration/admin/token" -H "$json" \
	-d "{\"username\":\"$user\",\"password\":\"$password\"}" | tr -d '"')
auth="Authorization: Bearer $token"
echo "admin token: ${token%????????????????????????}… (32 characters)"

name="Example ERP $(date +%s)"
created=$(curl -sf -X POST "$url/rest/V1/integrations" -H "$auth" -H "$json" \
	-d "{\"name\":\"$name\",\"email\":\"erp@example.com\",\"resources\":[\"Magento_Catalog::products\",\"Magento_Cms::page\"]}")
id=$(field id "$created")
echo "created integration $id: $name (status $(field status "$created"))"

echo "duplicate name:  $(curl -s -X POST "$url/rest/V1/integrations" -H "$auth" -H "$json" -d "{\"name\":\"$name\"}")"
echo "bad e-mail:      $(curl -s -X POST "$url/rest/V1/integrations" -H "$auth" -H "$json" -d '{"name":"x-'"$id"'","email":"nope"}')"
echo "unknown resource: $(curl -s -X POST "$url/rest/V1/integrations" -H "$auth" -H "$json" -d '{"name":"y-'"$id"'","resources":["Magento_Nope::x"]}')"

activated=$(curl -sf -X POST "$url/rest/V1/integrations/$id/activate" -H "$auth")
echo "activated: consumer_key=$(field consumer_key "$activated") access_token=$(field access_token "$activated")"

reauthorized=$(curl -sf -X POST "$url/rest/V1/integrations/$id/reauthorize" -H "$auth")
[ "$(field consumer_key "$reauthorized")" = "$(field consumer_key "$activated")" ] && echo "reauthorized: same consumer key"
[ "$(field consumer_secret "$reauthorized")" = "$(field consumer_secret "$activated")" ] && echo "reauthorized: same consumer secret"
[ "$(field access_token "$reauthorized")" != "$(field access_token "$activated")" ] && echo "reauthorized: new access token"
[ "$(field access_token_secret "$reauthorized")" != "$(field access_token_secret "$activated")" ] && echo "reauthorized: new access token secret"

echo "deleted: $(curl -sf -X DELETE "$url/rest/V1/integrations/$id" -H "$auth")"
echo "gone:    $(curl -s "$url/rest/V1/integrations/$id" -H "$auth")"
echo "wrong admin password: $(curl -s -X POST "$url/rest/V1/integration/admin/token" -H "$json" -d "{\"username\":\"$user\",\"password\":\"wrong\"}")"
