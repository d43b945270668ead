#!/bin/sh
# Times the Magento import (issue 18) of a large deployment: generates a Magento 2.4 mysqldump file of
# N integrations (default 10,000; every one with an access token, consumer and token secrets encrypted
# by PHP's sodium functions as Magento's Encryptor does, grants alternating All / two customer
# resources) with the tests' own writer, src/test/resources/magento/magento-tables.php, then runs
#   java -jar target/keyway-*.jar import-magento --dump=... --env=... [--dry-run]
# on a fresh H2 data directory each (the dry run first, then the import) and prints the seconds.
# The times include the jar's start (Flyway on an empty database, the master key, the first admin);
# each run prints the command's own summary line, then its seconds.
#
#   ./mvnw -q package -DskipTests     # once: builds target/keyway-<version>.jar
#   bench/import-10k.sh [N]           # needs php (php-cli) with sodium; N=100 proves the script works
set -eu

count=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$root"/target/keyway-*.jar 2>/dev/null | grep -v -e '-sources' -e '\.original' | head -n 1 || true)
[ -n "$jar" ] || { echo "import-10k: no target/keyway-*.jar; run ./mvnw -q package -DskipTests first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/keyway-import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# env.php and the fixture's JSON, as MagentoFixture writes them: an old key (version 0) and a current
# base64 key (version 1, the one the secrets are encrypted with)
php -r '
	$n = (int) $argv[1];
	$dir = $argv[2];
	$random = fn (int $length) => substr(bin2hex(random_bytes($length)), 0, $length);
	$cryptKey = $random(32) . "\n" . "base64" . base64_encode(random_bytes(32));
	file_put_contents("$dir/env.php", "<?php\nreturn [\n    \x27crypt\x27 => [\n        \x27key\x27 => \x27$cryptKey\x27\n    ],\n];\n");
	$integrations = [];
	for ($i = 1; $i <= $n; $i++) {
		$integrations[] = ["id" => $i, "name" => "bench connector $i", "email" => "bench$i@example.com",
			"endpoint" => null, "identityLinkUrl" => null, "status" => 1, "setupType" => 0,
			"consumerKey" => $random(32), "consumerSecret" => $random(32), "secretKeyVersion" => 1,
			"consumerUpdatedAt" => "2024-05-01 10:00:00",
			"token" => ["type" => "access", "token" => $random(32), "secret" => $random(32),
				"verifier" => $random(32), "revoked" => 0, "authorized" => 1],
			"resources" => ($i % 2) ? ["Magento_Backend::all"] : ["Magento_Customer::customer", "Magento_Customer::manage"]];
	}
	file_put_contents("$dir/fixture.json", json_encode(["cryptKey" => $cryptKey, "integrations" => $integrations]));
' "$count" "$work"
php "$root/src/test/resources/magento/magento-tables.php" < "$work/fixture.json" > "$work/magento.sql"
echo "import-10k: $count integration(s), dump $(wc -c < "$work/magento.sql") bytes"

now() { date +%s.%N; }

run() { # run <label> <data dir> [--dry-run]
	label=$1
	data=$2
	shift 2
	start=$(now)
	java -jar "$jar" import-magento --dump="$work/magento.sql" --env="$work/env.php" "$@" \
		--keyway.data-dir="$data" > "$work/$label.out" 2> "$work/$label.err" \
		|| { echo "import-10k: $label failed:" >&2; cat "$work/$label.err" >&2; exit 1; }
	end=$(now)
	grep -m 1 -e '^Dry run:' -e '^Imported ' "$work/$label.out" || true
	echo "$label: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"
}

run dry-run "$work/data-dry" --dry-run
run import "$work/data"
