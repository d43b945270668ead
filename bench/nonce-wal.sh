#!/bin/sh
# What the crash-safe (logged) nonce table of issue 11.3 costs PostgreSQL, against the UNLOGGED table
# it replaced: the statement BatchingNonceStore sends (INSERT ... ON CONFLICT ... RETURNING of one batch
# of claims), driven by pgbench at a fixed number of clients, logged and unlogged in interleaved rounds.
# PostgreSQL is pinned to one core and pgbench to the other; synchronous_commit stays on (the default,
# and what a crash-safe nonce needs). Prints one line per round and the medians.
#
#   bench/nonce-wal.sh                 # 3 rounds of 15 s per table, batches of 8 claims, 8 clients
#   ROUNDS=5 SECONDS_PER_RUN=20 BATCH=16 CLIENTS=16 bench/nonce-wal.sh
#
# Needs PostgreSQL's initdb/postgres/pg_ctl (Debian: postgresql) and pgbench (postgresql-contrib).
set -eu

ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
BATCH=${BATCH:-8}
CLIENTS=${CLIENTS:-8}
SERVER_CORE=${BENCH_SERVER_CORE:-0}
LOAD_CORE=${BENCH_LOAD_CORE:-1}

bin=$(dirname "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")
work=$(mktemp -d)
port=$((20000 + $$ % 10000))
cleanup() {
	"$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

owner=""
if [ "$(id -u)" = 0 ]; then
	# PostgreSQL refuses to run as root: a throw-away data directory owned by nobody
	chown nobody "$work" 2>/dev/null || true
	owner="runuser -u nobody --"
fi
$owner "$bin/initdb" -D "$work/data" -A trust -U bench >/dev/null
$owner taskset -c "$SERVER_CORE" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
	-o "-p $port -k $work -c listen_addresses= -c shared_buffers=256MB -c max_connections=64" start >/dev/null

psql_() { psql -h "$work" -p "$port" -U bench -d postgres -qAt "$@"; }
psql_ -c "CREATE TABLE nonces_logged (consumer_id BIGINT NOT NULL, nonce VARCHAR(255) NOT NULL,
	expires_at BIGINT NOT NULL, CONSTRAINT pk_nl PRIMARY KEY (consumer_id, nonce));
	CREATE INDEX ix_nl ON nonces_logged (expires_at);
	CREATE UNLOGGED TABLE nonces_unlogged (consumer_id BIGINT NOT NULL, nonce VARCHAR(255) NOT NULL,
	expires_at BIGINT NOT NULL, CONSTRAINT pk_nu PRIMARY KEY (consumer_id, nonce));
	CREATE INDEX ix_nu ON nonces_unlogged (expires_at);"

for table in nonces_logged nonces_unlogged; do
	cat > "$work/$table.sql" <<SQL
\set c random(1, 100000)
INSERT INTO $table (consumer_id, nonce, expires_at)
	SELECT :c, md5(random()::text || g::text), extract(epoch FROM now())::bigint + 600
	FROM generate_series(1, $BATCH) g
	ON CONFLICT (consumer_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
	WHERE $table.expires_at <= extract(epoch FROM now())::bigint
	RETURNING consumer_id, nonce;
SQL
done

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); batch $BATCH claims, $CLIENTS clients, ${SECONDS_PER_RUN}s per run"
results="$work/results"
: > "$results"
round=1
while [ "$round" -le "$ROUNDS" ]; do
	for table in nonces_logged nonces_unlogged; do
		out=$(PGHOST="$work" PGPORT="$port" PGUSER=bench taskset -c "$LOAD_CORE" pgbench -n -M prepared \
			-c "$CLIENTS" -j 1 -T "$SECONDS_PER_RUN" -f "$work/$table.sql" postgres 2>&1)
		tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
		lat=$(printf '%s\n' "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
		nonces=$(awk "BEGIN { printf \"%.0f\", $tps * $BATCH }")
		echo "round $round $table: $tps batches/s, $nonces nonces/s, latency $lat ms (load $(cut -d' ' -f1 /proc/loadavg))"
		echo "$table $nonces $lat" >> "$results"
	done
	round=$((round + 1))
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for table in nonces_logged nonces_unlogged; do
	median=$(awk -v t="$table" '$1 == t { print $2 }' "$results" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	echo "median $table: $median nonces/s"
done
