#!/usr/bin/env bash
# Builds the grpc-go peers of bench/client.sh from Debian's packages, into
# $BENCH_CACHE/grpc-go/bin: grpc_user_server (the seed's server of proto/user.proto) and
# grpc_user_load (the load generator on grpc-go's client).
#
# Debian 12 ships everything: golang-go (1.19), golang-google-grpc-dev (grpc-go 1.33.3),
# golang-google-protobuf-dev (the Go protobuf runtime) and the code generators protoc-gen-go
# and protoc-gen-go-grpc, so the Go code for user.proto is generated as the seed does, with
# protoc. They are installed with apt-get when missing (as root; otherwise the script says
# what to install). The build uses GOPATH mode over /usr/share/gocode (where Debian puts the
# Go sources), so nothing is fetched from a Go module proxy.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GO_PACKAGES=(golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev golang-google-protobuf-dev protoc-gen-go protoc-gen-go-grpc)
missing=()
for p in "${GO_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        log "grpc-go: installing ${missing[*]} with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 || {
            apt-get update -q >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
        }
    else
        die "grpc-go peers need: apt-get install ${missing[*]}"
    fi
fi
find_protoc

GO_ROOT=$BENCH_CACHE/grpc-go
src=$GO_ROOT/src/rustsvcbench
rm -rf "$src"
mkdir -p "$src/userpb" "$src/server" "$src/load" "$GO_ROOT/bin"
"$PROTOC" -I"$ROOT/proto" --go_out="$src/userpb" --go_opt=paths=source_relative \
    '--go_opt=Muser.proto=rustsvcbench/userpb;userpb' --go-grpc_out="$src/userpb" \
    --go-grpc_opt=paths=source_relative '--go-grpc_opt=Muser.proto=rustsvcbench/userpb;userpb' \
    user.proto
cp "$ROOT/bench/grpc-go/server/main.go" "$src/server/main.go"
cp "$ROOT/bench/grpc-go/load/main.go" "$src/load/main.go"
export GO111MODULE=off GOPATH=$GO_ROOT:/usr/share/gocode GOCACHE=$GO_ROOT/cache GOFLAGS=
log "grpc-go: building the server and the load generator ($(go version | cut -d' ' -f3), grpc-go $(dpkg-query -W -f='${Version}' golang-google-grpc-dev))"
(cd "$src" && go build -o "$GO_ROOT/bin/grpc_user_server" ./server && go build -o "$GO_ROOT/bin/grpc_user_load" ./load)
