#!/usr/bin/env bash
# Client throughput (issue 18): the load generator on the generated UserInfoClient
# (examples/user_load.rs, over its connection pool) against the same generator on grpc-go's
# client (bench/grpc-go/load), both against the same two servers in the same run: the UserInfo
# example server (ours) and the seed's grpc-go server. Shapes: 1 connection × 100 calls in
# flight and a pool of 4 connections × 100. getUser of one stored user, closed loop.
# Runs are interleaved (every cell once per round, the two clients in alternating order) and
# each cell reports the median of RUNS rounds. Everything on 127.0.0.1.
# Usually run through bench/run.sh client.
# Env: RUNS (default 5), SECONDS_PER_RUN (measured seconds per run, default 3), WARMUP (default 1),
# NICE (a niceness for the servers and clients alike, e.g. -10 as root: on a machine busy with
# other work, throughput otherwise measures how each process fares against that work).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-5}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
WARMUP=${WARMUP:-1}

"$ROOT/bench/grpc-go/build.sh"
GO_BIN=$BENCH_CACHE/grpc-go/bin
log "client: building the example server and load generator (release)"
(cd "$ROOT" && cargo build --quiet --release --example user_server --example user_load >&2)
OURS_BIN=$ROOT/target/release/examples
prio=()
[[ -n ${NICE:-} ]] && prio=(nice -n "$NICE")

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
    "${prio[@]}" "$@" --addr "127.0.0.1:$port" >"$BENCH_CACHE/$name.log" 2>&1 &
    pids+=($!)
    local i
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    die "$name did not start on 127.0.0.1:$port (see $BENCH_CACHE/$name.log)"
}
declare -A port=([ours]=50081 [grpc-go]=50082) server_pid=()
start client-server-ours "${port[ours]}" "$OURS_BIN/user_server"
server_pid[ours]=${pids[-1]}
start client-server-grpc-go "${port[grpc-go]}" "$GO_BIN/grpc_user_server"
server_pid[grpc-go]=${pids[-1]}

# CPU time (user + system) a process has used so far, in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# load CLIENT SERVER CONNECTIONS: one run; prints "calls_per_s p50_ms p99_ms client_us server_us":
# the client process's and the server's CPU time (user + system) per call, over every call
# the client made.
load() {
    local bin=$OURS_BIN/user_load out t before after extra=()
    case $1 in
    grpc-go) bin=$GO_BIN/grpc_user_load ;;
    ours-1t) extra=(--threads 1) ;;
    ours-h2) extra=(--transport h2) ;;
    esac
    t=$(mktemp)
    before=$(ticks "${server_pid[$2]}")
    out=$("${prio[@]}" /usr/bin/time -f '%e %U %S' -o "$t" "$bin" --addr "127.0.0.1:${port[$2]}" --connections "$3" \
        --in-flight 100 --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" "${extra[@]}") ||
        die "the $1 client against the $2 server failed (see above)"
    after=$(ticks "${server_pid[$2]}")
    awk -v line="$out" -v time="$(tail -n1 "$t")" -v server=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {
        n = split(line, kv, " ")
        for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
        split(time, c, " ")
        printf "%s %s %s %.2f %.2f\n", v["calls_per_s"], v["p50_ms"], v["p99_ms"],
            (c[2] + c[3]) * 1e6 / v["answered"], server / hz * 1e6 / v["answered"]
    }'
    rm -f "$t"
}

# ours: tokio's multi-thread runtime, one worker per core (as GOMAXPROCS for grpc-go), over
# tonic's Channel; ours-h2: the same generated client over the examples' h2 transport
# (examples/support/h2_transport.rs, --transport h2); CLIENTS="ours ours-1t grpc-go" adds
# ours-1t, the tonic client on a current-thread runtime (--threads 1).
read -r -a clients <<<"${CLIENTS:-ours ours-h2 grpc-go}"
servers=(ours grpc-go)
declare -A res=()
for ((i = 0; i < RUNS; i++)); do
    log "client: round $((i + 1)) of $RUNS"
    for server in "${servers[@]}"; do
        for conns in 1 4; do
            order=("${clients[@]}")
            if ((i % 2)); then
                order=()
                for ((c = ${#clients[@]} - 1; c >= 0; c--)); do order+=("${clients[c]}"); done
            fi
            for client in "${order[@]}"; do
                read -r rps p50 p99 cpu scpu < <(load "$client" "$server" "$conns")
                res[$client.$server.$conns.rps]+="$rps "
                res[$client.$server.$conns.p50]+="$p50 "
                res[$client.$server.$conns.p99]+="$p99 "
                res[$client.$server.$conns.cpu]+="$cpu "
                res[$client.$server.$conns.scpu]+="$scpu "
            done
        done
    done
done

med() { tr ' ' '\n' <<<"${res[$1]}" | grep . | median; }
cell() {
    printf '%.0f calls/s (p50 %.2f ms, p99 %.2f ms)' "$(med "$1.rps")" "$(med "$1.p50")" "$(med "$1.p99")"
}
ours=()
for client in "${clients[@]}"; do [[ $client == grpc-go ]] || ours+=("$client"); done
header="| server | load |"
rule="|---|---|"
for client in "${clients[@]}"; do header+=" $client |"; rule+="---|"; done
for client in "${ours[@]}"; do header+=" $client ÷ grpc-go |"; rule+="---|"; done
echo "$header"
echo "$rule"
for server in "${servers[@]}"; do
    for conns in 1 4; do
        b=$(med "grpc-go.$server.$conns.rps")
        name="example server (ours)"
        [[ $server == grpc-go ]] && name="grpc-go server"
        row="| $name | $conns conn × 100 in flight |"
        for client in "${clients[@]}"; do row+=" $(cell "$client.$server.$conns") |"; done
        for client in "${ours[@]}"; do
            row+=" $(awk -v a="$(med "$client.$server.$conns.rps")" -v b="$b" 'BEGIN {printf "%.2f×", a / b}') |"
        done
        echo "$row"
    done
done
echo
echo "CPU time per call, client process / server process (µs, medians):"
echo
header="| server | load |"
rule="|---|---|"
for client in "${clients[@]}"; do header+=" $client |"; rule+="---|"; done
echo "$header"
echo "$rule"
for server in "${servers[@]}"; do
    for conns in 1 4; do
        name="example server (ours)"
        [[ $server == grpc-go ]] && name="grpc-go server"
        row="| $name | $conns × 100 |"
        for client in "${clients[@]}"; do
            row+=" $(printf '%.1f / %.1f' "$(med "$client.$server.$conns.cpu")" "$(med "$client.$server.$conns.scpu")") |"
        done
        echo "$row"
    done
done
echo
echo "Pool of 4 ÷ one connection (same client, same server):"
echo
echo "| client | example server (ours) | grpc-go server |"
echo "|---|---|---|"
for client in "${clients[@]}"; do
    row="| $client |"
    for server in "${servers[@]}"; do
        row+=" $(awk -v a="$(med "$client.$server.4.rps")" -v b="$(med "$client.$server.1.rps")" 'BEGIN {printf "%.2f×", a / b}') |"
    done
    echo "$row"
done
echo
echo "Closed loop, getUser of one stored user, $SECONDS_PER_RUN s measured after $WARMUP s of warm-up per run,"
echo "median of $RUNS interleaved rounds (the clients' order reverses every round). CPU per call"
echo "is a process's CPU time (user + system) over all the calls the client made, warm-up included:"
echo "it depends less than calls/s on what else the machine runs. Client and server share the"
echo "machine's $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end${NICE:+; servers and clients at niceness $NICE}."
echo
