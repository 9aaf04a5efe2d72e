# Shared helpers for bench/run.sh and scripts/googleapis.sh. Source it; do not run it.
#
# Everything fetched or built lives under $BENCH_CACHE (default target/bench-cache), never in
# the repository: the google-proto-files npm package, the peer plugins (protoc-gen-prost and
# protoc-gen-tonic, installed with cargo install --locked), saved CodeGeneratorRequests and
# the throwaway crates.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_CACHE=${BENCH_CACHE:-$ROOT/target/bench-cache}
GOOGLE_PROTO_FILES_VERSION=${GOOGLE_PROTO_FILES_VERSION:-5.0.3}
PEER_VERSION=${PEER_VERSION:-0.5.0}
GOOGLEAPIS=$BENCH_CACHE/npm/node_modules/google-proto-files
PLUGIN=$ROOT/target/release/protoc-gen-rustsvc
PEERS=$BENCH_CACHE/peers/bin
mkdir -p "$BENCH_CACHE"

log() { printf '%s\n' "== $*" >&2; }
die() {
    printf '%s\n' "error: $*" >&2
    exit 1
}

# protoc: $PROTOC, or the binary of the protoc-bin-vendored crate this repository depends on.
# Sets PROTOC and PROTOC_INCLUDE (the well-known types shipped beside it).
find_protoc() {
    if [[ -z ${PROTOC:-} ]]; then
        local arch
        case $(uname -m) in
        x86_64) arch=linux-x86_64 ;;
        aarch64) arch=linux-aarch_64 ;;
        *) die "no vendored protoc for $(uname -m); set PROTOC" ;;
        esac
        local manifest
        manifest=$(cd "$ROOT" && cargo metadata --format-version 1 --locked |
            jq -r --arg n "protoc-bin-vendored-$arch" '.packages[] | select(.name == $n) | .manifest_path')
        [[ -n $manifest ]] || die "protoc-bin-vendored-$arch not in cargo metadata; set PROTOC"
        PROTOC=$(dirname "$manifest")/bin/protoc
    fi
    [[ -x $PROTOC ]] || die "protoc not found at $PROTOC"
    if [[ -z ${PROTOC_INCLUDE:-} ]]; then
        PROTOC_INCLUDE=$(dirname "$PROTOC")/../include
        [[ -f $PROTOC_INCLUDE/google/protobuf/descriptor.proto ]] || PROTOC_INCLUDE=$GOOGLEAPIS
    fi
    export PROTOC PROTOC_INCLUDE
}

# The googleapis .proto files, from the npm package google-proto-files.
fetch_googleapis() {
    if [[ ! -f $GOOGLEAPIS/google/spanner/v1/spanner.proto ]]; then
        log "fetching google-proto-files@$GOOGLE_PROTO_FILES_VERSION with npm"
        npm install --prefix "$BENCH_CACHE/npm" --no-audit --no-fund --ignore-scripts \
            "google-proto-files@$GOOGLE_PROTO_FILES_VERSION" >&2
    fi
}

build_plugin() {
    log "building protoc-gen-rustsvc (release)"
    (cd "$ROOT" && cargo build --release --locked --bin protoc-gen-rustsvc >&2)
}

# protoc-gen-prost and protoc-gen-tonic, into $BENCH_CACHE/peers.
install_peers() {
    if [[ ! -x $PEERS/protoc-gen-prost || ! -x $PEERS/protoc-gen-tonic ]]; then
        log "installing protoc-gen-prost and protoc-gen-tonic $PEER_VERSION with cargo install"
        CARGO_TARGET_DIR=$BENCH_CACHE/peers-target cargo install --locked --root "$BENCH_CACHE/peers" \
            "protoc-gen-prost@$PEER_VERSION" "protoc-gen-tonic@$PEER_VERSION" >&2
    fi
}

# Every googleapis file except the well-known types (those come from prost-types).
all_files() {
    (cd "$GOOGLEAPIS" && find google -name '*.proto' -not -path 'google/protobuf/*' | LC_ALL=C sort)
}

# spanner + pubsub + storage and everything they import, less the well-known types: 42 files.
slice_files() {
    local roots set
    roots=$(cd "$GOOGLEAPIS" && find google/spanner google/pubsub google/storage -name '*.proto' | LC_ALL=C sort)
    set=$BENCH_CACHE/slice.descset
    # shellcheck disable=SC2086
    "$PROTOC" -I"$GOOGLEAPIS" -I"$PROTOC_INCLUDE" --include_imports --descriptor_set_out="$set" \
        $roots 2>/dev/null
    "$PROTOC" -I"$PROTOC_INCLUDE" --decode=google.protobuf.FileDescriptorSet \
        google/protobuf/descriptor.proto <"$set" |
        sed -n 's/^  name: "\(.*\)"$/\1/p' | grep -v '^google/protobuf/' | LC_ALL=C sort
}

# run_protoc FILELIST ARGS...: protoc over googleapis with the files listed (one a line) in
# FILELIST, and the plugin arguments given.
run_protoc() {
    local list=$1
    shift
    # shellcheck disable=SC2046
    (cd "$GOOGLEAPIS" && "$PROTOC" -I. -I"$PROTOC_INCLUDE" "$@" $(cat "$list"))
}

# capture_request FILELIST OUT: saves the CodeGeneratorRequest protoc sends a plugin for these
# files, with a capture plugin that writes stdin to a file.
capture_request() {
    local list=$1 out=$2 tmp
    tmp=$(mktemp -d)
    CAPTURE_REQUEST=$out run_protoc "$list" \
        --plugin=protoc-gen-capture="$ROOT/bench/capture-plugin.sh" --capture_out="$tmp" 2>/dev/null
    rmdir "$tmp"
    [[ -s $out ]] || die "no request captured for $list"
}

# A module tree (mod.rs text) for files named <package>.rs: `pub mod` per package segment and
# `include!` of each file. Used for the peers' output, which has no module tree of its own.
peer_mod_rs() {
    python3 - "$@" <<'EOF'
import sys
tree = {}
for f in sorted(sys.argv[1:]):
    node = tree
    for seg in f[: -len(".rs")].split("."):
        node = node.setdefault(seg, {})
    node.setdefault("", []).append(f)
def emit(node, depth):
    pad = "    " * depth
    for f in node.get("", []):
        print(f'{pad}include!("{f}");')
    for name, child in sorted((k, v) for k, v in node.items() if k):
        kw = {"type", "move", "ref", "self", "super", "crate", "match", "mod", "use", "fn", "impl", "r#type"}
        ident = f"r#{name}" if name in kw else name
        print(f"{pad}pub mod {ident} {{")
        emit(child, depth + 1)
        print(f"{pad}}}")
emit(tree, 0)
EOF
}

# write_crate DIR NAME: a throwaway library crate (own workspace) whose lib.rs is `pub mod gen;`,
# with the runtime the generated code needs.
write_crate() {
    local dir=$1 name=$2
    mkdir -p "$dir/src/gen"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
prost = "0.14"
prost-types = "0.14"
tonic = "0.14"
tonic-prost = "0.14"

[workspace]
EOF
    cat >"$dir/src/lib.rs" <<'EOF'
//! Throwaway crate: generated code for a googleapis slice, built by the bench scripts.

pub mod gen;
EOF
    # Start from the repository's lock file so the same versions are used and nothing new is
    # resolved unless needed.
    [[ -f $dir/Cargo.lock ]] || cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
}

# median of numbers on stdin, one a line.
median() {
    sort -g | awk '{a[NR]=$1} END {if (NR == 0) exit 1; if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# The slice generated three ways, each as a crate under $BENCH_CACHE/compile/:
# ours (slice_ours), protoc-gen-prost + protoc-gen-tonic (slice_prost_tonic) and
# protoc-gen-prost alone (slice_prost: the fair peer while ours generates messages only).
#
# prost-build 0.14 cannot compile google/storage/control/v2/storage_control.proto (a oneof and a
# nested message both named CloudStorageLocations become two items of one name in one module),
# so all three crates leave that file out: 41 files, the same input for each.
COMPILE_EXCLUDE=${COMPILE_EXCLUDE:-google/storage/control/v2/storage_control.proto}
gen_slice_crates() {
    slice_files >"$BENCH_CACHE/slice.files"
    grep -vxF "$COMPILE_EXCLUDE" "$BENCH_CACHE/slice.files" >"$BENCH_CACHE/compile.files"
    local list=$BENCH_CACHE/compile.files dir
    log "generating the slice with each generator"

    dir=$BENCH_CACHE/compile/ours
    write_crate "$dir" slice_ours
    rm -rf "$dir/src/gen" && mkdir -p "$dir/src/gen"
    run_protoc "$list" --plugin=protoc-gen-rustsvc="$PLUGIN" --rustsvc_out="$dir/src/gen" 2>/dev/null

    # The same slice in the derive message form (message_impl=derive: prost's derive macros,
    # prost-build's text).
    dir=$BENCH_CACHE/compile/ours-derive
    write_crate "$dir" slice_ours_derive
    rm -rf "$dir/src/gen" && mkdir -p "$dir/src/gen"
    run_protoc "$list" --plugin=protoc-gen-rustsvc="$PLUGIN" --rustsvc_out="$dir/src/gen" \
        --rustsvc_opt=message_impl=derive 2>/dev/null

    dir=$BENCH_CACHE/compile/prost-tonic
    write_crate "$dir" slice_prost_tonic
    rm -rf "$dir/src/gen" && mkdir -p "$dir/src/gen"
    run_protoc "$list" --plugin=protoc-gen-prost="$PEERS/protoc-gen-prost" \
        --plugin=protoc-gen-tonic="$PEERS/protoc-gen-tonic" --prost_out="$dir/src/gen" \
        --prost_opt=flat_output_dir --tonic_out="$dir/src/gen" --tonic_opt=flat_output_dir 2>/dev/null
    # shellcheck disable=SC2046
    (cd "$dir/src/gen" && peer_mod_rs $(ls | grep '\.rs$' | grep -v '\.tonic\.rs$') >mod.rs)

    dir=$BENCH_CACHE/compile/prost
    write_crate "$dir" slice_prost
    rm -rf "$dir/src/gen" && mkdir -p "$dir/src/gen"
    run_protoc "$list" --plugin=protoc-gen-prost="$PEERS/protoc-gen-prost" \
        --prost_out="$dir/src/gen" --prost_opt=flat_output_dir 2>/dev/null
    # shellcheck disable=SC2046
    (cd "$dir/src/gen" && peer_mod_rs $(ls | grep '\.rs$') >mod.rs)
}
