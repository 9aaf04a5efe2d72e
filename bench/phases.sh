#!/usr/bin/env bash
# Phase-by-phase time and memory of the plugin on a saved request (default: all of googleapis,
# saved by bench/run.sh plugin). A profiling aid for the plugin section's numbers.
# Usage: bench/phases.sh [REQUEST.bin]

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

req=${1:-$BENCH_CACHE/all.req}
[[ -s $req ]] || die "no request at $req: run bench/run.sh plugin first"
dir=$BENCH_CACHE/phases
mkdir -p "$dir"
cat >"$dir/Cargo.toml" <<EOF
[package]
name = "phases"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "phases"
path = "$ROOT/bench/phases/main.rs"

[dependencies]
prost = "0.14"
protoc-gen-rustsvc = { path = "$ROOT" }

[workspace]
EOF
cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
# The repository's target dir: the plugin's dependencies are already built there.
(cd "$dir" && CARGO_TARGET_DIR=$ROOT/target cargo build --quiet --release >&2)
"$ROOT/target/release/phases" "$req"
