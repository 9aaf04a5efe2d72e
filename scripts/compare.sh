#!/usr/bin/env bash
# Two builds of protoc-gen-rustsvc, byte for byte (issue 12): the plugin built at a git ref
# and the plugin built from the working tree (uncommitted changes included) run over the
# same inputs, and every file they write must be identical:
#   - all of googleapis (the google/** tree of the npm package google-proto-files, about
#     8,000 files in one protoc run) under the default options and under option-heavy sets
#     (OPTION_SETS below: the message options, the service options, services turned off);
#   - every golden case (tests/golden/<case>/, with its params.txt);
#   - examples/generated (proto/user.proto with versions=false, as tests/services_examples.rs).
# For googleapis protoc runs once and both plugins read the request it sent (with each option
# set's parameter); their responses must be the same bytes. Each run also keeps the exit
# status, stderr and the response's error beside the files written, so an error must be the
# same error. The first differing file is reported with a short diff.
#
# The ref is exported with `git archive` into $BENCH_CACHE/compare/ref-src (no worktree is
# registered) and built there with its own target dir, $BENCH_CACHE/compare/ref-target, kept
# between runs so a second comparison rebuilds little.
#
# Usage: scripts/compare.sh [--debug] [REF]   (REF default: main; --debug builds both
#        plugins without --release: quicker to build, slower to run)
#        scripts/googleapis.sh compare [--debug] [REF] does the same.
# Env:   PROTOC, BENCH_CACHE, GOOGLE_PROTO_FILES_VERSION as for scripts/googleapis.sh;
#        ONLY=googleapis|golden to run one half; KEEP_GOING=1 to report every difference.
# Exit status: 0 when every output is identical.

source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"

profile=release
if [[ ${1:-} == --debug ]]; then
    profile=debug
    shift
fi
ref=${1:-main}
sha=$(git -C "$ROOT" rev-parse --verify --quiet "$ref^{commit}") || die "no commit named '$ref'"
only=${ONLY:-all}

# Option sets for all of googleapis. Each is one --rustsvc_opt value.
OPTION_SETS=(
    # The defaults.
    ""
    # The message options: every kind of path option, the booleans, the file options.
    "btree_map=.,bytes=.,boxed=.google.api,boxed=.google.rpc.Status.details,skip_debug=.google.rpc,\
disable_comments=.google.cloud.aiplatform,extern_path=.google.type=::google_types,\
type_attribute=.=#[derive(Hash)],message_attribute=.google.api=#[non_exhaustive],\
enum_attribute=.google.cloud=#[derive(strum::EnumIter)],field_attribute=.google.api.HttpRule.get=#[doc(alias = \"g\")],\
field_attribute=name=#[doc(alias = \"n\")],enable_type_names,type_name_domain=.google.cloud=example.com,\
retain_enum_prefix,compile_well_known_types,prost_path=::my::prost,file_descriptor_set,\
default_package_filename=root,mod_file=tree.rs,versions=false"
    # The service options: every attribute, the runtime paths, async_trait without defaults.
    "async_trait=true,unimplemented_defaults=false,transport=false,\
server_attribute=.google=#[cfg(feature = \"server\")],client_attribute=.=#[cfg(feature = \"client\")],\
trait_attribute=.google.pubsub=#[allow(missing_docs)],server_mod_attribute=.=#[cfg(all())],\
client_mod_attribute=.google.spanner=#[allow(clippy::all)],tonic_path=::my::tonic,\
codec_path=::my::Codec,prost_path=::my::prost,prost_types_path=::my::prost_types"
    # Services without a server, then without a client.
    "server=false,disable_comments=.,skip_debug=."
    "client=false,enable_type_names"
)

work=$BENCH_CACHE/compare
mkdir -p "$work"
failures=0
compared=0
fail() {
    printf '%s\n' "DIFFERENT: $*" >&2
    failures=$((failures + 1))
    [[ ${KEEP_GOING:-0} == 1 ]] || finish
}
finish() {
    if ((failures)); then
        printf '\n%s\n' "compare.sh: $failures comparison(s) differ between $ref ($sha) and the working tree" >&2
        exit 1
    fi
    printf '\n%s\n' "compare.sh: identical: $compared comparisons between $ref (${sha:0:12}) and the working tree ($profile builds)" >&2
    exit 0
}
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN {printf "%.1f", b - a}'; }

fetch_googleapis
find_protoc

cargo_flags=(--locked --bin protoc-gen-rustsvc)
[[ $profile == release ]] && cargo_flags+=(--release)

# The plugin at the ref, from a clean export of its tree.
t=$(seconds)
src=$work/ref-src
rm -rf "$src" && mkdir -p "$src"
git -C "$ROOT" archive "$sha" | tar -x -C "$src"
log "building protoc-gen-rustsvc at $ref (${sha:0:12}, $profile) in $work/ref-target"
(cd "$src" && CARGO_TARGET_DIR=$work/ref-target cargo build "${cargo_flags[@]}" >&2)
OLD=$work/ref-plugin
cp "$work/ref-target/$profile/protoc-gen-rustsvc" "$OLD"
log "built at $ref in $(elapsed "$t") s"

t=$(seconds)
log "building protoc-gen-rustsvc from the working tree ($profile)"
(cd "$ROOT" && cargo build "${cargo_flags[@]}" >&2)
NEW=$work/new-plugin
cp "$ROOT/target/$profile/protoc-gen-rustsvc" "$NEW"
log "built the working tree in $(elapsed "$t") s"

# run_in DIR OUT PLUGIN OPT FILE...: protoc in DIR with the plugin; OUT/files gets what it
# writes, OUT/status and OUT/stderr what protoc said.
run_in() {
    local dir=$1 out=$2 plugin=$3 opt=$4
    shift 4
    rm -rf "$out" && mkdir -p "$out/files"
    local args=(-I. -I"$PROTOC_INCLUDE" --plugin=protoc-gen-rustsvc="$plugin" --rustsvc_out="$out/files")
    [[ -n $opt ]] && args+=("--rustsvc_opt=$opt")
    local status=0
    (cd "$dir" && "$PROTOC" "${args[@]}" "$@") 2>"$out/protoc.stderr" || status=$?
    echo "$status" >"$out/status"
    # protoc's own warnings (unused imports) come in a different order from run to run.
    grep -v ': warning: Import .* is unused\.$' "$out/protoc.stderr" >"$out/stderr" || true
    rm "$out/protoc.stderr"
}

# same LABEL A B: the two output dirs must be identical; else the first differing file and
# a short diff.
same() {
    local label=$1 a=$2 b=$3 first
    compared=$((compared + 1))
    if first=$(LC_ALL=C diff -r -q "$a" "$b" | head -1) && [[ -z $first ]]; then
        return 0
    fi
    printf '%s\n' "$label: $ref (-) and the working tree (+) differ; first: $first" >&2
    if [[ $first =~ ^Files\ (.*)\ and\ (.*)\ differ$ ]]; then
        diff -u "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" | head -40 >&2 || true
    fi
    fail "$label"
}

# pair LABEL DIR OPT FILE...: both plugins on the same input, compared; $timing says how long
# each took.
pair() {
    local label=$1 dir=$2 opt=$3 t0 t1 t2
    shift 3
    t0=$(seconds)
    run_in "$dir" "$work/old" "$OLD" "$opt" "$@"
    t1=$(seconds)
    run_in "$dir" "$work/new" "$NEW" "$opt" "$@"
    t2=$(seconds)
    same "$label" "$work/old" "$work/new"
    if [[ $(cat "$work/new/status") != 0 ]]; then
        log "$label: both builds fail the same way: $(head -1 "$work/new/stderr")"
    fi
    timing=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.2f s at the ref, %.2f s the working tree", b - a, c - b}')
}

# direct LABEL REQUEST OPT: both plugins on a saved CodeGeneratorRequest with its parameter
# set to OPT, their responses compared byte for byte (unpacked into files on a difference).
direct() {
    local label=$1 request=$2 opt=$3 t0 t1 t2 side
    python3 "$ROOT/scripts/compare_pb.py" with-parameter "$request" "$opt" "$work/request"
    t0=$(seconds)
    "$OLD" <"$work/request" >"$work/old.response" 2>"$work/old.stderr" || echo "exit $?" >>"$work/old.stderr"
    t1=$(seconds)
    "$NEW" <"$work/request" >"$work/new.response" 2>"$work/new.stderr" || echo "exit $?" >>"$work/new.stderr"
    t2=$(seconds)
    timing=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.2f s at the ref, %.2f s the working tree", b - a, c - b}')
    for side in old new; do
        rm -rf "$work/$side" && mkdir -p "$work/$side"
        python3 "$ROOT/scripts/compare_pb.py" unpack "$work/$side.response" "$work/$side"
        mv "$work/$side.stderr" "$work/$side/stderr"
    done
    same "$label" "$work/old" "$work/new"
    # Unpacking is lossless only for the fields it knows: the bytes must agree as well.
    cmp -s "$work/old.response" "$work/new.response" ||
        fail "$label: the responses differ in bytes that unpack does not show ($work/old.response, $work/new.response)"
    if [[ -s $work/new/error.txt ]]; then
        log "$label: both builds answer with the same error: $(head -1 "$work/new/error.txt")"
    fi
}

if [[ $only == all || $only == googleapis ]]; then
    list=$BENCH_CACHE/all.files
    all_files >"$list"
    request=$work/googleapis.request
    t=$(seconds)
    # protoc parses the 8,000 files once; both plugins then read the request it sent.
    capture_request "$list" "$request"
    log "captured the CodeGeneratorRequest for all of googleapis ($(wc -l <"$list") files, $(($(stat -c %s "$request") / 1048576)) MiB) in $(elapsed "$t") s"
    for opt in "${OPTION_SETS[@]}"; do
        label="googleapis with '${opt:-the default options}'"
        direct "$label" "$request" "$opt"
        log "identical: $label: $(wc -l <"$work/new/order.txt") files; $timing"
    done
fi

if [[ $only == all || $only == golden ]]; then
    n=0
    t=$(seconds)
    for case in "$ROOT"/tests/golden/*/; do
        case=${case%/}
        mapfile -t protos < <(cd "$case" && find . -name '*.proto' -not -path './expected/*' |
            sed 's|^\./||' | LC_ALL=C sort)
        params=$(head -1 "$case/params.txt" 2>/dev/null | tr -d '\r\n' || true)
        params=${params:+$params,}versions=false
        pair "golden case ${case##*/}" "$case" "$params" "${protos[@]}"
        n=$((n + 1))
    done
    pair "examples/generated" "$ROOT/proto" "versions=false" user.proto
    log "identical: $n golden cases and examples/generated in $(elapsed "$t") s"
fi

finish
