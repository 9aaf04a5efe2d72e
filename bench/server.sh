#!/usr/bin/env bash
# Unary throughput with h2load (Debian's nghttp2-client): the UserInfo example server
# (examples/user_server.rs) vs a tonic-build server of the same proto/user.proto
# (bench/tonic-server, built here as a throwaway crate), 1 connection × 100 streams and
# 4 × 100, interleaved, median of RUNS runs. Both servers bind 127.0.0.1 only.
# Usually run through bench/run.sh server.
# Both servers keep the example's store: addUser stores the user under a new id, getUser
# answers the stored user. The getUser rows read user "0" (added once before timing); the
# addUser rows grow both stores alike.
# Env: RUNS (default 5), REQUESTS per run (default 100000), OURS_SERVER (a command that takes
# `--addr HOST:PORT` as its last arguments; default: the release build of the example).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-5}
REQUESTS=${REQUESTS:-100000}
command -v h2load >/dev/null || die "h2load not found: apt-get install nghttp2-client"
find_protoc

log "server: building the tonic-build server and the example server (release)"
dir=$BENCH_CACHE/tonic-server
mkdir -p "$dir"
cat >"$dir/Cargo.toml" <<EOF
[package]
name = "tonic_user_server"
version = "0.0.0"
edition = "2021"
publish = false
build = "$ROOT/bench/tonic-server/build.rs"

[[bin]]
name = "tonic_user_server"
path = "$ROOT/bench/tonic-server/main.rs"

[dependencies]
prost = "0.14"
tonic = "0.14"
tonic-prost = "0.14"
tokio = { version = "1", features = ["rt-multi-thread", "macros", "net"] }

[build-dependencies]
tonic-prost-build = "0.14"

[workspace]

# The repository's release profile (Cargo.toml), so both servers are built alike.
[profile.release]
lto = "fat"
codegen-units = 1
panic = "abort"
EOF
[[ -f $dir/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
# The compile benchmark's target dir: prost and tonic are usually built there already.
(cd "$dir" && USER_PROTO=$ROOT/proto/user.proto CARGO_TARGET_DIR=$BENCH_CACHE/compile-target \
    cargo build --quiet --release >&2)
(cd "$ROOT" && cargo build --quiet --release --example user_server >&2)

read -r -a ours <<<"${OURS_SERVER:-$ROOT/target/release/examples/user_server}"
peer=("$BENCH_CACHE/compile-target/release/tonic_user_server")

# The requests, each one gRPC message: flag 0, 4-byte big-endian length, protobuf bytes.
# addUser(User { id: "42", name: "Ada", description: "bench" }), getUser(UserId { value: "0" }).
add=$BENCH_CACHE/add_user.grpc
printf '\000\000\000\000\020\n\00242\022\003Ada\032\005bench' >"$add"
get=$BENCH_CACHE/get_user.grpc
printf '\000\000\000\000\003\n\0010' >"$get"

pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# start NAME PORT CMD...: starts a server on 127.0.0.1:PORT and waits until it accepts.
start() {
    local name=$1 port=$2
    shift 2
    "$@" --addr "127.0.0.1:$port" >"$BENCH_CACHE/$name.log" 2>&1 &
    pids+=($!)
    local i
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    die "$name did not start on 127.0.0.1:$port (see $BENCH_CACHE/$name.log)"
}
start ours 50071 "${ours[@]}"
start tonic 50072 "${peer[@]}"

# h2load counts HTTP 200s; a gRPC error would still be a 200 with a grpc-status trailer, so
# check one call of each kind on each server first (with curl when there is one). The first
# addUser stores user "0", which the getUser rows read.
for port in 50071 50072; do
    for call in addUser:"$add" getUser:"$get"; do
        h2load -n 1 -c 1 -d "${call#*:}" -H 'content-type: application/grpc' -H 'te: trailers' \
            "http://127.0.0.1:$port/user.UserInfo/${call%%:*}" | grep -q '1 succeeded' ||
            die "no answer to ${call%%:*} on port $port"
        if command -v curl >/dev/null; then
            curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
                --data-binary @"${call#*:}" -D - -o /dev/null \
                "http://127.0.0.1:$port/user.UserInfo/${call%%:*}" | grep -q '^grpc-status: 0' ||
                die "${call%%:*} on port $port did not answer grpc-status 0"
        fi
    done
done

# rps CONNECTIONS PORT METHOD DATA: requests per second of one h2load run.
rps() {
    h2load -n "$REQUESTS" -c "$1" -m 100 -t "$(($1 < $(nproc) ? $1 : $(nproc)))" -d "$4" \
        -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$2/user.UserInfo/$3" |
        awk '/^finished in/ {gsub(",", ""); print $4}'
}

echo "| call | load | example server (ours) | tonic-build server | ours ÷ tonic |"
echo "|---|---|---|---|---|"
for call in getUser:"$get" addUser:"$add"; do
    for conns in 1 4; do
        a=() b=()
        for ((i = 0; i < RUNS; i++)); do
            # Alternate who goes first, so neither always meets the other's leftovers.
            if ((i % 2)); then
                b+=("$(rps "$conns" 50072 "${call%%:*}" "${call#*:}")")
                a+=("$(rps "$conns" 50071 "${call%%:*}" "${call#*:}")")
            else
                a+=("$(rps "$conns" 50071 "${call%%:*}" "${call#*:}")")
                b+=("$(rps "$conns" 50072 "${call%%:*}" "${call#*:}")")
            fi
        done
        ma=$(printf '%s\n' "${a[@]}" | median)
        mb=$(printf '%s\n' "${b[@]}" | median)
        echo "| ${call%%:*} | $conns conn × 100 streams | $(printf '%.0f' "$ma") req/s | $(printf '%.0f' "$mb") req/s | $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.2f×", a / b}') |"
    done
done
echo
echo "h2load, $REQUESTS unary calls per run, median of $RUNS runs, interleaved (alternating"
echo "which server goes first); both servers in release builds on 127.0.0.1, on the same cores"
echo "as h2load. addUser grows both stores by REQUESTS users per run, so its rows are less steady."
echo
