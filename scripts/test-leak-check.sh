#!/usr/bin/env bash
# After a test run: fail when the tests left Redis keys without expiry under their prefixes
# (`test-*`: every harness gets QUEUE_PREFIX=test-<id>) or databases behind (folio_t*: the
# per-run templates and per-harness clones). Run it when no other test run is in progress
# on the same PostgreSQL and Redis (CI), or it reports that run's live keys and databases.
#
# `test-leak-check.sh snapshot FILE` records what is already there (leftovers of runs killed
# earlier on this machine); `test-leak-check.sh FILE` then counts only what is not in FILE.
set -euo pipefail
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
PGHOST=${PGHOST:-127.0.0.1}

persistent_keys() {
  redis-cli -h "$REDIS_HOST" --scan --pattern 'test-*' | while IFS= read -r key; do
    if [ -n "$key" ] && [ "$(redis-cli -h "$REDIS_HOST" ttl "$key")" = "-1" ]; then echo "key $key"; fi
  done
  psql -h "$PGHOST" -U postgres -d postgres -Atc "SELECT 'db ' || datname FROM pg_database WHERE datname LIKE 'folio\_t%' ESCAPE '\' AND datname <> 'folio_test'"
}

if [ "${1:-}" = "snapshot" ]; then
  persistent_keys | sort > "$2"
  echo "test-leak-check: $(wc -l < "$2") leftover(s) from earlier runs recorded"
  exit 0
fi
baseline=${1:-/dev/null}

persistent=0
databases=""
while IFS= read -r entry; do
  case "$entry" in
    key\ *)
      persistent=$((persistent + 1))
      [ "$persistent" -le 20 ] && echo "redis key without expiry: ${entry#key }" ;;
    db\ *) databases="$databases ${entry#db }"; echo "database left behind: ${entry#db }" ;;
  esac
done < <(persistent_keys | sort | comm -23 - <(sort "$baseline"))

if [ "$persistent" -gt 0 ] || [ -n "$databases" ]; then
  echo "test-leak-check: $persistent Redis key(s) without expiry, $(printf '%s' "$databases" | wc -w) database(s) left" >&2
  exit 1
fi
echo "test-leak-check: no Redis keys without expiry under test-*, no test databases left"
