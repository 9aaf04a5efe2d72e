#!/usr/bin/env bash
# The benchmark suite (issue 8), one command, medians side by side with the peers in the same
# run. Prints markdown tables on stdout; progress goes to stderr.
#
# Usage: bench/run.sh [plugin] [compile] [server] [client] [codec] [json]   (default: all)
#   plugin   plugin time and peak memory on saved CodeGeneratorRequests (all of googleapis,
#            the 42-file slice, user.proto): ours vs protoc-gen-prost and protoc-gen-tonic
#   compile  compile time (debug and release, non-incremental, dependencies already built) of
#            the generated code for the 42-file slice, and rustc's peak memory: ours (both
#            message forms) vs prost + tonic output
#   server   unary throughput with h2load: the UserInfo example server vs a tonic-build server
#   client   client throughput: a load generator on the generated client vs the same on
#            grpc-go's client, against the example server and a grpc-go server
#   codec    message encode/decode throughput: ours vs prost-build's messages
#   json     ProtoJSON encode/decode throughput: ours (json=.) vs prost-build + pbjson-build
# Env: RUNS (default 5; compile uses COMPILE_RUNS, default 3; the start-up loop STARTUP_RUNS,
# default 600), BENCH_CACHE, PROTOC.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-5}
COMPILE_RUNS=${COMPILE_RUNS:-3}
sections=("$@")
((${#sections[@]})) || sections=(plugin compile server client codec json)
wants() {
    local s
    for s in "${sections[@]}"; do [[ $s == "$1" ]] && return 0; done
    return 1
}

fetch_googleapis
find_protoc
build_plugin
install_peers

echo "# protoc-gen-rustsvc benchmarks"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start;" \
    "protoc $("$PROTOC" --version | cut -d' ' -f2), google-proto-files $GOOGLE_PROTO_FILES_VERSION," \
    "protoc-gen-prost/tonic $PEER_VERSION, protoc-gen-rustsvc $(git -C "$ROOT" describe --always --dirty)."
echo

# ---------------------------------------------------------------------------------------------
# plugin time and peak memory

# time_plugin BIN REQUEST: one run, prints "seconds peak_kb"; fails when the plugin fails or
# answers with an error.
time_plugin() {
    local bin=$1 req=$2 t out
    t=$(mktemp)
    out=$(mktemp)
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f '%U %S %M' -o "$t" "$bin" <"$req" >"$out" || die "$bin failed on $req"
    end=$(date +%s%N)
    # CodeGeneratorResponse.error is field 1 (tag 0x0a); a response starting with it is an error.
    if [[ $(head -c1 "$out" | od -An -tx1 | tr -d ' ') == 0a ]]; then
        die "$(basename "$bin") answered with an error on $req: $(head -c 400 "$out" | tail -c +3)"
    fi
    # wall seconds, CPU seconds (user + system), peak KB
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN {print (b - a) / 1e9}') $(tail -n1 "$t" | awk '{print $1 + $2, $3}')"
    rm -f "$t" "$out"
}

bench_plugin() {
    local corpora=(all slice user) c
    all_files >"$BENCH_CACHE/all.files"
    slice_files >"$BENCH_CACHE/slice.files"
    for c in all slice; do
        [[ -s $BENCH_CACHE/$c.req ]] || {
            log "capturing the request for $c"
            capture_request "$BENCH_CACHE/$c.files" "$BENCH_CACHE/$c.req"
        }
    done
    echo user.proto >"$BENCH_CACHE/user.files"
    [[ -s $BENCH_CACHE/user.req ]] || {
        local tmp
        tmp=$(mktemp -d)
        (cd "$ROOT/proto" && CAPTURE_REQUEST=$BENCH_CACHE/user.req "$PROTOC" -I. -I"$PROTOC_INCLUDE" \
            --plugin=protoc-gen-capture="$ROOT/bench/capture-plugin.sh" --capture_out="$tmp" user.proto)
        rmdir "$tmp"
    }

    echo "## Plugin time and peak memory"
    echo
    echo "Same saved CodeGeneratorRequest on stdin, response to a file; wall time (including process start), CPU time (user + system, all threads) and peak RSS, median of $RUNS runs, runs interleaved."
    echo
    echo "| corpus | request | ours | protoc-gen-prost | protoc-gen-tonic | ours ÷ (prost + tonic) time | ours ÷ prost memory |"
    echo "|---|---|---|---|---|---|---|"
    for c in "${corpora[@]}"; do
        local req=$BENCH_CACHE/$c.req i who
        declare -A times=() cpus=() mems=()
        log "plugin: $c ($RUNS runs)"
        for ((i = 0; i < RUNS; i++)); do
            for who in ours prost tonic; do
                local bin=$PLUGIN
                [[ $who == ours ]] || bin=$PEERS/protoc-gen-$who
                read -r s cpu kb < <(time_plugin "$bin" "$req")
                times[$who]+="$s "
                cpus[$who]+="$cpu "
                mems[$who]+="$kb "
            done
        done
        local mt mm ratio_t ratio_m cells=""
        declare -A med_t=() med_c=() med_m=()
        for who in ours prost tonic; do
            med_t[$who]=$(tr ' ' '\n' <<<"${times[$who]}" | grep . | median)
            med_c[$who]=$(tr ' ' '\n' <<<"${cpus[$who]}" | grep . | median)
            med_m[$who]=$(tr ' ' '\n' <<<"${mems[$who]}" | grep . | median)
            cells+=" $(fmt_time "${med_t[$who]}") (CPU $(fmt_time "${med_c[$who]}")), $(fmt_mem "${med_m[$who]}") |"
        done
        ratio_t=$(awk -v a="${med_t[ours]}" -v b="${med_t[prost]}" -v c="${med_t[tonic]}" \
            'BEGIN {if (b + c > 0) printf "%.2f×", a / (b + c); else print "n/a"}')
        ratio_t+=" (CPU $(awk -v a="${med_c[ours]}" -v b="${med_c[prost]}" -v c="${med_c[tonic]}" \
            'BEGIN {if (b + c > 0) printf "%.2f×", a / (b + c); else print "n/a"}'))"
        ratio_m=$(awk -v a="${med_m[ours]}" -v b="${med_m[prost]}" 'BEGIN {printf "%.2f×", a / b}')
        echo "| $c ($(wc -l <"$BENCH_CACHE/$c.files") files) | $(fmt_mem $(($(stat -c %s "$req") / 1024))) |$cells $ratio_t | $ratio_m |"
        unset times cpus mems med_t med_c med_m
    done
    echo
    bench_startup
}

# Start-up: user.proto, what protoc pays per run of each plugin (fork, exec, read, generate,
# write, exit), timed over blocks of runs interleaved between the plugins.
bench_startup() {
    local req=$BENCH_CACHE/user.req runs=${STARTUP_RUNS:-600} block=50 done who i bin start
    declare -A ns=()
    log "start-up: user.proto ($runs runs each)"
    for ((done = 0; done < runs; done += block)); do
        for who in ours prost tonic; do
            bin=$PLUGIN
            [[ $who == ours ]] || bin=$PEERS/protoc-gen-$who
            start=$(date +%s%N)
            for ((i = 0; i < block; i++)); do "$bin" <"$req" >/dev/null; done
            ns[$who]=$((${ns[$who]:-0} + $(date +%s%N) - start))
        done
    done
    # The shell's own cost of a run (fork, exec of /bin/true), measured the same way.
    start=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do /bin/true <"$req" >/dev/null; done
    ns[true]=$(($(date +%s%N) - start))
    echo "### Start-up on user.proto"
    echo
    echo "Wall time per run over $runs runs of each, in interleaved blocks of $block; the second row subtracts what starting /bin/true costs the same loop."
    echo
    echo "| | ours (messages + services) | protoc-gen-prost (messages) | protoc-gen-tonic (services) | ours ÷ prost |"
    echo "|---|---|---|---|---|"
    local row
    for row in total plugin; do
        local cells="" base=0
        [[ $row == plugin ]] && base=${ns[true]}
        for who in ours prost tonic; do
            cells+=" $(awk -v t="${ns[$who]}" -v b="$base" -v n="$runs" 'BEGIN {printf "%.2f ms", (t - b) / n / 1e6}') |"
        done
        echo "| $row |$cells $(awk -v a="${ns[ours]}" -v b="${ns[prost]}" -v z="$base" 'BEGIN {printf "%.2f×", (a - z) / (b - z)}') |"
    done
    echo
}

fmt_time() { awk -v s="$1" 'BEGIN {if (s < 0.1) printf "%.1f ms", s * 1000; else if (s < 1) printf "%d ms", s * 1000 + 0.5; else printf "%.2f s", s}'; }
fmt_mem() { awk -v k="$1" 'BEGIN {if (k < 1024) printf "%d KB", k; else if (k < 1024 * 1024) printf "%.0f MB", k / 1024; else printf "%.2f GB", k / 1024 / 1024}'; }

# ---------------------------------------------------------------------------------------------
# compile time of the generated slice

bench_compile() {
    gen_slice_crates

    export CARGO_TARGET_DIR=$BENCH_CACHE/compile-target CARGO_INCREMENTAL=0
    local crates=(ours ours-derive prost-tonic prost) profile c i
    echo "## Compile time of the generated slice ($(wc -l <"$BENCH_CACHE/compile.files") files)"
    echo
    echo "One crate, dependencies already built, non-incremental; median of $COMPILE_RUNS runs, interleaved. Without $COMPILE_EXCLUDE, which prost-build output cannot compile."
    echo
    echo "| generated by | lines | services | debug | release | rustc peak memory, debug / release |"
    echo "|---|---|---|---|---|---|"
    declare -A res=()
    for profile in debug release; do
        local flag=()
        [[ $profile == release ]] && flag=(--release)
        for c in "${crates[@]}"; do
            log "compile: warming dependencies for $c ($profile)"
            (cd "$BENCH_CACHE/compile/$c" && cargo build --quiet --lib "${flag[@]}" 2>/dev/null) ||
                die "the $c slice does not build ($profile): cd $BENCH_CACHE/compile/$c && cargo build"
        done
        for ((i = 0; i < COMPILE_RUNS; i++)); do
            for c in "${crates[@]}"; do
                local name start end
                name=slice_${c//-/_}
                (cd "$BENCH_CACHE/compile/$c" && cargo clean --quiet -p "$name" "${flag[@]}" 2>/dev/null)
                start=$(date +%s.%N)
                # %M of cargo: the peak resident set of its largest child, the crate's rustc.
                (cd "$BENCH_CACHE/compile/$c" &&
                    /usr/bin/time -f %M -o "$BENCH_CACHE/compile-rss" cargo build --quiet --lib "${flag[@]}" 2>/dev/null)
                end=$(date +%s.%N)
                res[$c.$profile]+="$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}') "
                res[$c.$profile.kb]+="$(tail -n1 "$BENCH_CACHE/compile-rss") "
                log "compile: $c $profile run $((i + 1)): $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f s", b - a}')"
            done
        done
    done
    local base_d base_r
    base_d=$(tr ' ' '\n' <<<"${res[prost-tonic.debug]}" | grep . | median)
    base_r=$(tr ' ' '\n' <<<"${res[prost-tonic.release]}" | grep . | median)
    for c in "${crates[@]}"; do
        local d r lines svc
        d=$(tr ' ' '\n' <<<"${res[$c.debug]}" | grep . | median)
        r=$(tr ' ' '\n' <<<"${res[$c.release]}" | grep . | median)
        lines=$(cat "$BENCH_CACHE/compile/$c/src/gen/"*.rs | wc -l)
        svc=yes
        [[ $c == prost ]] && svc=no
        [[ $c == ours* ]] && ! ls "$BENCH_CACHE/compile/$c/src/gen/" | grep -q '_grpc\.rs$' && svc=no
        local md mr
        md=$(tr ' ' '\n' <<<"${res[$c.debug.kb]}" | grep . | median)
        mr=$(tr ' ' '\n' <<<"${res[$c.release.kb]}" | grep . | median)
        echo "| $c | $lines | $svc | $(fmt_time "$d") ($(awk -v a="$d" -v b="$base_d" 'BEGIN {printf "%.2f×", a / b}')) | $(fmt_time "$r") ($(awk -v a="$r" -v b="$base_r" 'BEGIN {printf "%.2f×", a / b}')) | $(fmt_mem "$md") / $(fmt_mem "$mr") |"
    done
    echo
    echo "Ratios are against prost + tonic. ours: the default (message_impl=own); ours-derive: the same plugin with message_impl=derive (prost's derive macros)."
    echo
    unset CARGO_TARGET_DIR CARGO_INCREMENTAL
}

# ---------------------------------------------------------------------------------------------

bench_server() {
    echo "## Unary throughput (h2load)"
    echo
    if [[ ! -f $ROOT/examples/user_server.rs ]]; then
        echo "Not measured: the UserInfo example server (examples/user_server.rs) is not on this branch yet."
        echo
        return
    fi
    "$ROOT/bench/server.sh"
}

bench_client() {
    echo "## Client throughput (generated client vs grpc-go's)"
    echo
    "$ROOT/bench/client.sh"
}

bench_codec() {
    echo "## Message encode/decode throughput"
    echo
    "$ROOT/bench/codec.sh"
}

wants plugin && bench_plugin
wants compile && bench_compile
wants server && bench_server
wants client && bench_client
bench_json() {
    echo "## ProtoJSON encode/decode throughput (json=. vs pbjson)"
    echo
    "$ROOT/bench/json.sh"
}

wants codec && bench_codec
wants json && bench_json
exit 0
