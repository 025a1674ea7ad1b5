#!/usr/bin/env bash
# After a test run: fail when the tests left Redis keys without expiry under their prefixes
# (`test-*`: every harness gets QUEUE_PREFIX=test-<id>) or databases behind (folio_t*: the
# per-run templates and per-harness clones). Run it when no other test run is in progress
# on the same PostgreSQL and Redis (CI), or it reports that run's live keys and databases.
set -euo pipefail
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
PGHOST=${PGHOST:-127.0.0.1}

persistent=0
while IFS= read -r key; do
  [ -n "$key" ] || continue
  if [ "$(redis-cli -h "$REDIS_HOST" ttl "$key")" = "-1" ]; then
    persistent=$((persistent + 1))
    [ "$persistent" -le 20 ] && echo "redis key without expiry: $key"
  fi
done < <(redis-cli -h "$REDIS_HOST" --scan --pattern 'test-*')

databases=$(psql -h "$PGHOST" -U postgres -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'folio\_t%' ESCAPE '\\' AND datname <> 'folio_test'")
[ -z "$databases" ] || printf 'database left behind: %s\n' $databases

if [ "$persistent" -gt 0 ] || [ -n "$databases" ]; then
  echo "test-leak-check: $persistent Redis key(s) without expiry, $(printf '%s' "$databases" | grep -c . || true) database(s) left" >&2
  exit 1
fi
echo "test-leak-check: no Redis keys without expiry under test-*, no test databases left"
