#!/usr/bin/env bash
# A bounded soak of the example UserInfo server (examples/user_server.rs) on loopback:
# SECONDS (default 60) of mixed good and bad gRPC traffic from examples/soak_client.rs
# (malformed framing, invalid protobuf, oversized messages, streams and connections cut off
# mid-message), then a report: calls answered, statuses by code, anything unexpected, and
# the server's resident memory (start, every 10 s, peak).
#
#   scripts/soak.sh [SECONDS] [CONCURRENCY] [--no-adds]
#
# With --no-adds the good traffic only reads, so the server's store does not grow and its
# memory should stay flat.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
concurrency="${2:-16}"
extra=("${@:3}")

cargo build --release --quiet --example user_server --example soak_client
dir="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/examples"

log="$(mktemp)"
"$dir/user_server" --addr 127.0.0.1:0 >"$log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT

addr=""
for _ in $(seq 100); do
  addr="$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$log")"
  [ -n "$addr" ] && break
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "the server did not start:"; cat "$log"; exit 1
fi

rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server/status"; }
echo "server on $addr (pid $server), RSS at start: $(rss VmRSS) kB"

"$dir/soak_client" --addr "$addr" --seconds "$seconds" --concurrency "$concurrency" "${extra[@]}" &
client=$!
elapsed=0
while kill -0 "$client" 2>/dev/null; do
  sleep 1
  elapsed=$((elapsed + 1))
  if [ $((elapsed % 10)) -eq 0 ]; then
    echo "  ${elapsed}s: server RSS $(rss VmRSS) kB"
  fi
done
status=0
wait "$client" || status=$?

if ! kill -0 "$server" 2>/dev/null; then
  echo "FAIL: the server died"; exit 1
fi
echo "server RSS at end: $(rss VmRSS) kB, peak: $(rss VmHWM) kB"
if [ "$status" -ne 0 ]; then
  echo "FAIL: the client saw unexpected answers"; exit "$status"
fi
echo "OK"
