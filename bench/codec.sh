#!/usr/bin/env bash
# Message encode/decode throughput, ours (both message forms) vs prost-build (protoc-gen-prost),
# on googleapis slice messages. Builds a throwaway release binary from bench/codec/main.rs against
# the three slice crates, and prints a markdown table. Usually run through bench/run.sh codec.
# Env: RUNS (default 5), BENCH_CACHE, PROTOC.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fetch_googleapis
find_protoc
[[ -x $PLUGIN ]] || build_plugin
install_peers
[[ -f $BENCH_CACHE/compile/ours/src/gen/mod.rs && -f $BENCH_CACHE/compile/ours-derive/src/gen/mod.rs &&
    -f $BENCH_CACHE/compile/prost/src/gen/mod.rs ]] ||
    gen_slice_crates

dir=$BENCH_CACHE/codec
mkdir -p "$dir"
cat >"$dir/Cargo.toml" <<EOF
[package]
name = "codec_bench"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "codec_bench"
path = "$ROOT/bench/codec/main.rs"

[dependencies]
prost = "0.14"
prost-types = "0.14"
libc = "0.2"
slice_ours = { path = "../compile/ours" }
slice_ours_derive = { path = "../compile/ours-derive" }
slice_prost = { path = "../compile/prost" }

[workspace]
EOF
[[ -f $dir/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
log "codec: building the bench (release)"
(cd "$dir" && CARGO_TARGET_DIR=$BENCH_CACHE/compile-target cargo build --quiet --release >&2)
log "codec: running"
RUNS=${RUNS:-5} "$BENCH_CACHE/compile-target/release/codec_bench"
echo
