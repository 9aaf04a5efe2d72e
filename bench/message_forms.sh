#!/usr/bin/env bash
# The two message forms side by side on protobuf's conformance messages
# (test_messages_proto2/proto3/edition2023/proto*_editions, ~700 fields): compile time of the
# generated messages alone (debug and release, CARGO_INCREMENTAL=0, dependencies built first,
# then `cargo clean -p` + `cargo build`, best of COMPILE_RUNS), and encode/decode throughput of
# a populated TestAllTypesProto3 (bench/message_forms/main.rs). Needs the suite's .proto files
# (scripts/conformance-install.sh). Env: COMPILE_RUNS (default 3), BENCH_CACHE, PROTOC,
# RUSTSVC_PLUGIN (default: the release binary, built if missing).

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_protoc
INCLUDE=${CONFORMANCE_INCLUDE:-$ROOT/target/conformance/include}
[[ -d $INCLUDE/google/protobuf ]] || die "no $INCLUDE: run scripts/conformance-install.sh"
PLUGIN=${RUSTSVC_PLUGIN:-$PLUGIN}
[[ -x $PLUGIN ]] || build_plugin
dir=$BENCH_CACHE/message_forms
rm -rf "$dir"
mkdir -p "$dir"
for form in derive own; do
    mkdir -p "$dir/$form/src/gen"
    "$PLUGIN" --parser=protoc -I "$INCLUDE" --out-dir "$dir/$form/src/gen" \
        --opt "versions=false,message_impl=$form" \
        google/protobuf/test_messages_proto2.proto google/protobuf/test_messages_proto3.proto \
        google/protobuf/test_messages_edition2023.proto \
        google/protobuf/test_messages_proto2_editions.proto \
        google/protobuf/test_messages_proto3_editions.proto
    printf '[package]\nname = "msg_%s"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nprost = "0.14"\nprost-types = "0.14"\n' \
        "$form" >"$dir/$form/Cargo.toml"
    printf '#![allow(dead_code)]\npub mod gen;\n' >"$dir/$form/src/lib.rs"
done
mkdir -p "$dir/codec"
printf '[package]\nname = "msg_codec"\nversion = "0.0.0"\nedition = "2021"\n\n[[bin]]\nname = "msg_codec"\npath = "%s"\n\n[dependencies]\nprost = "0.14"\nmsg_derive = { path = "../derive" }\nmsg_own = { path = "../own" }\n' \
    "$ROOT/bench/message_forms/main.rs" >"$dir/codec/Cargo.toml"
printf '[workspace]\nmembers = ["derive", "own", "codec"]\nresolver = "2"\n' >"$dir/Cargo.toml"
cp "$ROOT/Cargo.lock" "$dir/Cargo.lock"
export CARGO_INCREMENTAL=0 CARGO_TARGET_DIR=$dir/target
cd "$dir"
echo "| form | generated lines | debug build (s) | release build (s) |"
echo "|---|---|---|---|"
for profile in dev release; do
    cargo build --offline --quiet --profile "$profile" -p msg_derive -p msg_own
done
for form in derive own; do
    lines=$(cat "$form"/src/gen/*.rs | wc -l)
    row="| $form | $lines"
    for profile in dev release; do
        best=
        for _ in $(seq "${COMPILE_RUNS:-3}"); do
            cargo clean --offline --quiet --profile "$profile" -p "msg_$form"
            start=$(date +%s.%N)
            cargo build --offline --quiet --profile "$profile" -p "msg_$form"
            t=$(echo "$(date +%s.%N) - $start" | bc)
            if [[ -z $best ]] || (($(echo "$t < $best" | bc))); then best=$t; fi
        done
        row+=" | $(printf '%.2f' "$best")"
    done
    echo "$row |"
done
echo
cargo build --offline --quiet --release -p msg_codec
"$CARGO_TARGET_DIR/release/msg_codec"
