#!/usr/bin/env bash
# ProtoJSON encode/decode throughput, ours (json=.) vs prost-build + pbjson-build 0.9, on the
# bench/codec messages. Generates the googleapis slice (the codec bench's 41 files) with our
# plugin and json=., builds a pbjson crate over the same files (bench/json/pbjson_build.rs),
# then a throwaway release binary from bench/json/main.rs, and prints a markdown table.
# Usually run through bench/run.sh json.
# Env: RUNS (default 5), BENCH_CACHE, PROTOC, PBJSON_VERSION (default 0.9), RUSTSVC_PLUGIN (a
# plugin binary to generate with instead of the release build; the output is the same).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PBJSON_VERSION=${PBJSON_VERSION:-0.9}
PLUGIN=${RUSTSVC_PLUGIN:-$PLUGIN}

fetch_googleapis
find_protoc
[[ -x $PLUGIN ]] || build_plugin
slice_files >"$BENCH_CACHE/slice.files"
grep -vxF "$COMPILE_EXCLUDE" "$BENCH_CACHE/slice.files" >"$BENCH_CACHE/compile.files"

log "json: generating the slice with json=."
ours=$BENCH_CACHE/json/ours
write_crate "$ours" slice_ours_json
# The runtime crate, before write_crate's [workspace] line.
sed -i '/^\[workspace\]$/d' "$ours/Cargo.toml"
cat >>"$ours/Cargo.toml" <<TOML
rustsvc-runtime = { path = "$ROOT/runtime", features = ["json"] }

[workspace]
TOML
rm -rf "$ours/src/gen" && mkdir -p "$ours/src/gen"
run_protoc "$BENCH_CACHE/compile.files" --plugin=protoc-gen-rustsvc="$PLUGIN" \
    --rustsvc_out="$ours/src/gen" --rustsvc_opt=json=.

pbjson=$BENCH_CACHE/json/pbjson
mkdir -p "$pbjson/src"
cat >"$pbjson/Cargo.toml" <<TOML
[package]
name = "slice_pbjson"
version = "0.0.0"
edition = "2021"
publish = false
build = "$ROOT/bench/json/pbjson_build.rs"

[dependencies]
prost = "0.14"
pbjson = "$PBJSON_VERSION"
pbjson-types = "$PBJSON_VERSION"
serde = "1"

[build-dependencies]
prost-build = "0.14"
pbjson-build = "$PBJSON_VERSION"

[workspace]
TOML
cat >"$pbjson/src/lib.rs" <<'RUST'
//! Throwaway crate: prost-build + pbjson-build output for a googleapis slice (bench/json.sh).
#![allow(clippy::all, non_camel_case_types, rustdoc::all)]

pub mod gen {
    include!(concat!(env!("OUT_DIR"), "/mod_tree.rs"));
}
RUST
[[ -f $pbjson/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$pbjson/Cargo.lock"

bench=$BENCH_CACHE/json/bench
mkdir -p "$bench"
cat >"$bench/Cargo.toml" <<TOML
[package]
name = "json_bench"
version = "0.0.0"
edition = "2021"
publish = false

[[bin]]
name = "json_bench"
path = "$ROOT/bench/json/main.rs"

[dependencies]
prost-types = "0.14"
pbjson-types = "$PBJSON_VERSION"
serde = "1"
serde_json = { version = "1", features = ["float_roundtrip"] }
slice_ours_json = { path = "../ours" }
slice_pbjson = { path = "../pbjson" }

[workspace]
TOML
[[ -f $bench/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$bench/Cargo.lock"
log "json: building the bench (release)"
(cd "$bench" && SLICE_FILES=$BENCH_CACHE/compile.files GOOGLEAPIS=$GOOGLEAPIS \
    CARGO_TARGET_DIR=$BENCH_CACHE/json-target cargo build --quiet --release >&2)
log "json: running"
RUNS=${RUNS:-5} "$BENCH_CACHE/json-target/release/json_bench"
echo
