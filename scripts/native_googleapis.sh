#!/usr/bin/env bash
# The native front end (src/parse/native, --parser=native) on all of googleapis (issue 16):
#   1. byte for byte: the ignored test googleapis_matches_protoc (tests/native_vs_protoc.rs)
#      compares protoc's descriptor set with ours for every file (release test build);
#   2. side by side, ROUNDS rounds (default 3), each running one after another:
#        protoc + plugin   protoc -I. -I<protoc include> --rustsvc_out   (the plugin generating)
#        native            protoc-gen-rustsvc --parser=native --out-dir  (front end + generator)
#        protoc alone      protoc --include_imports --include_source_info --descriptor_set_out
#        protox alone      the same descriptor set with protox, when PROTOX names its binary
#                          (cargo install protox --locked --features bin), over the tree
#                          without google/protobuf/ (it cannot read the current
#                          descriptor.proto; it has the well-known types built in)
#      reporting for each the median wall time, CPU time (user + sys) and peak RSS, and
#      checking that protoc + plugin and native wrote the same files (but the header line
#      naming protoc's version, which only the protoc run knows).
#
# Usage: scripts/native_googleapis.sh [test|bench|both]   (default both)
# Env:   ROUNDS, PROTOC, PROTOX, BENCH_CACHE, GOOGLE_PROTO_FILES_VERSION (see bench/lib.sh).
# On a shared machine compare CPU times: wall times then include waiting for a core.

source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"

what=${1:-both}
rounds=${ROUNDS:-3}
fetch_googleapis
find_protoc

if [[ $what == test || $what == both ]]; then
    log "byte for byte against protoc: all of googleapis"
    (cd "$ROOT" && RUSTSVC_GOOGLEAPIS=$GOOGLEAPIS cargo test --release --test native_vs_protoc \
        googleapis_matches_protoc -- --ignored)
fi
[[ $what == bench || $what == both ]] || exit 0

build_plugin
list=$BENCH_CACHE/all.files
all_files >"$list"
log "$(wc -l <"$list") files"
work=$BENCH_CACHE/native
rm -rf "$work" && mkdir -p "$work"

# measure NAME COMMAND...: appends "wall cpu rss_kb" to $work/NAME.times.
measure() {
    local name=$1
    shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.tmp" "$@" >/dev/null 2>"$work/$name.stderr" ||
        { cat "$work/$name.stderr" >&2; die "$name failed"; }
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time.tmp" >>"$work/$name.times"
}

for round in $(seq "$rounds"); do
    log "round $round of $rounds"
    rm -rf "$work/plugin-out" "$work/native-out" && mkdir -p "$work/plugin-out" "$work/native-out"
    # shellcheck disable=SC2046
    (cd "$GOOGLEAPIS" && measure protoc+plugin "$PROTOC" -I. -I"$PROTOC_INCLUDE" \
        --plugin=protoc-gen-rustsvc="$PLUGIN" --rustsvc_out="$work/plugin-out" $(cat "$list"))
    # shellcheck disable=SC2046
    (cd "$GOOGLEAPIS" && measure native "$PLUGIN" -I . -I "$PROTOC_INCLUDE" --parser=native \
        --out-dir "$work/native-out" $(cat "$list"))
    # shellcheck disable=SC2046
    (cd "$GOOGLEAPIS" && measure protoc-alone "$PROTOC" -I. -I"$PROTOC_INCLUDE" --include_imports \
        --include_source_info --descriptor_set_out="$work/protoc.pb" $(cat "$list"))
    if [[ -n ${PROTOX:-} ]]; then
        # protox cannot read the current descriptor.proto (extension declarations), so it
        # gets the tree without google/protobuf/ and uses the well-known types built into it.
        root=$work/protox-root
        if [[ ! -d $root ]]; then
            mkdir -p "$root/google"
            for entry in "$GOOGLEAPIS"/*; do
                [[ $(basename "$entry") == google ]] || ln -s "$entry" "$root/"
            done
            for entry in "$GOOGLEAPIS"/google/*; do
                [[ $(basename "$entry") == protobuf ]] || ln -s "$entry" "$root/google/"
            done
        fi
        # shellcheck disable=SC2046
        (cd "$GOOGLEAPIS" && measure protox-alone "$PROTOX" -I "$root" \
            --include-imports --include-source-info -o "$work/protox.pb" $(cat "$list"))
    fi
done

if diff -r -I '^//     protoc ' "$work/plugin-out" "$work/native-out" >"$work/out.diff"; then
    log "same files from protoc + plugin and native ($(find "$work/native-out" -name '*.rs' | wc -l) files)"
else
    head -20 "$work/out.diff" >&2
    die "protoc + plugin and native wrote different files (see $work/out.diff)"
fi

printf '\n%-14s %10s %10s %10s\n' "" "wall s" "cpu s" "peak MB"
for name in protoc+plugin native protoc-alone protox-alone; do
    [[ -f $work/$name.times ]] || continue
    wall=$(awk '{print $1}' "$work/$name.times" | median)
    cpu=$(awk '{print $2}' "$work/$name.times" | median)
    rss=$(awk '{print $3}' "$work/$name.times" | median)
    printf '%-14s %10.2f %10.2f %10.0f\n' "$name" "$wall" "$cpu" "$((${rss%.*} / 1024))"
done
