#!/usr/bin/env bash
# googleapis end to end (issue 7):
#   1. runs protoc-gen-rustsvc over the whole google/** tree of the npm package
#      google-proto-files (about 8,000 files, one protoc invocation) and asserts no error,
#      then once more with RUSTSVC_REFORMAT_ALL=1 and asserts the same bytes (the hand
#      layout of src/codegen/code.rs is prettyplease's), and the same for the slice under
#      seven option sets that change what is written;
#   2. builds the 42-file slice (spanner + pubsub + storage and their imports) as one throwaway
#      crate that must pass `cargo clippy -- -D warnings`, `cargo doc` with no warnings, and
#      `cargo test --doc` running no doctest.
#
# Usage: scripts/googleapis.sh [all|slice]   (default: both)
#        scripts/googleapis.sh compare [--debug] [REF]: the plugin built at REF (default main)
#        and the one built from the working tree write the same bytes for all of googleapis
#        under several option sets, every golden case and examples/generated (scripts/compare.sh).
# Env:   PROTOC (default: the protoc-bin-vendored binary), BENCH_CACHE (default
#        target/bench-cache), GOOGLE_PROTO_FILES_VERSION, KEEP_GOING=1 to run every check
#        even after one fails.
# Exit status: 0 when every check passed.

if [[ ${1:-} == compare ]]; then
    shift
    exec "$(dirname "${BASH_SOURCE[0]}")/compare.sh" "$@"
fi

source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"

what=${1:-both}
failures=()
fail() {
    printf '%s\n' "FAIL: $*" >&2
    failures+=("$*")
    [[ ${KEEP_GOING:-0} == 1 ]] || finish
}
finish() {
    if ((${#failures[@]})); then
        printf '\n%s\n' "googleapis.sh: ${#failures[@]} check(s) failed:" >&2
        printf '  - %s\n' "${failures[@]}" >&2
        exit 1
    fi
    printf '\n%s\n' "googleapis.sh: all checks passed" >&2
    exit 0
}

fetch_googleapis
find_protoc
build_plugin

plugin_args() {
    local out=$1
    rm -rf "$out" && mkdir -p "$out"
    printf '%s\n' "--plugin=protoc-gen-rustsvc=$PLUGIN" "--rustsvc_out=$out"
}

if [[ $what == all || $what == both ]]; then
    list=$BENCH_CACHE/all.files
    all_files >"$list"
    out=$BENCH_CACHE/googleapis-out
    log "generating all of google/** ($(wc -l <"$list") files) into $out"
    mapfile -t args < <(plugin_args "$out")
    if run_protoc "$list" "${args[@]}" 2>"$BENCH_CACHE/googleapis.stderr"; then
        log "ok: $(find "$out" -name '*.rs' | wc -l) files, $(cat "$out"/*.rs | wc -l) lines"
        # The generators write most items in prettyplease's layout by hand (src/codegen/code.rs);
        # laying every item out with prettyplease must give the same bytes.
        relaid=$BENCH_CACHE/googleapis-out-relaid
        mapfile -t args < <(plugin_args "$relaid")
        log "again with RUSTSVC_REFORMAT_ALL=1 into $relaid"
        if RUSTSVC_REFORMAT_ALL=1 run_protoc "$list" "${args[@]}" 2>/dev/null; then
            diff -r -q "$out" "$relaid" >&2 ||
                fail "the hand layout differs from prettyplease's (diff -r $out $relaid)"
        else
            fail "protoc-gen-rustsvc with RUSTSVC_REFORMAT_ALL=1 on all of google/**"
        fi
        # The same for option sets that change the shapes written (the slice is enough).
        slice_files >"$BENCH_CACHE/slice.files"
        for opt in async_trait=true unimplemented_defaults=false,transport=false \
            enable_type_names=true,btree_map=.,bytes=. server=false client=false \
            "prost_path=::my::prost,tonic_path=::my::tonic,codec_path=::my::Codec" \
            file_descriptor_set=true,disable_comments=.google.pubsub; do
            for mode in 0 1; do
                mapfile -t args < <(plugin_args "$BENCH_CACHE/googleapis-opt-$mode")
                RUSTSVC_REFORMAT_ALL=$mode run_protoc "$BENCH_CACHE/slice.files" "${args[@]}" \
                    "--rustsvc_opt=$opt" 2>/dev/null || fail "the slice with $opt (RUSTSVC_REFORMAT_ALL=$mode)"
            done
            diff -r -q "$BENCH_CACHE/googleapis-opt-0" "$BENCH_CACHE/googleapis-opt-1" >&2 ||
                fail "with $opt the hand layout differs from prettyplease's"
        done
        log "ok: the hand layout is prettyplease's (all of google/**, and the slice with 7 option sets)"
    else
        grep -v ': warning: ' "$BENCH_CACHE/googleapis.stderr" | head -20 >&2
        fail "protoc-gen-rustsvc on all of google/** (see $BENCH_CACHE/googleapis.stderr)"
    fi
fi

if [[ $what == slice || $what == both ]]; then
    list=$BENCH_CACHE/slice.files
    slice_files >"$list"
    crate=$BENCH_CACHE/slice-ours
    write_crate "$crate" slice_ours
    log "generating the slice ($(wc -l <"$list") files) into $crate/src/gen"
    mapfile -t args < <(plugin_args "$crate/src/gen")
    if ! run_protoc "$list" "${args[@]}" 2>"$BENCH_CACHE/slice.stderr"; then
        grep -v ': warning: ' "$BENCH_CACHE/slice.stderr" | head -20 >&2
        fail "protoc-gen-rustsvc on the slice"
        finish
    fi
    export CARGO_TARGET_DIR=$BENCH_CACHE/slice-target
    cd "$crate"
    log "cargo clippy -- -D warnings"
    cargo clippy --quiet --lib -- -D warnings 2>"$BENCH_CACHE/slice-clippy.log" ||
        fail "clippy -D warnings on the slice: $(grep -c '^error' "$BENCH_CACHE/slice-clippy.log") errors, see $BENCH_CACHE/slice-clippy.log"
    log "cargo doc (RUSTDOCFLAGS=-D warnings)"
    RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --lib 2>"$BENCH_CACHE/slice-doc.log" ||
        fail "cargo doc with warnings on the slice: see $BENCH_CACHE/slice-doc.log"
    log "cargo test --doc"
    if cargo test --doc >"$BENCH_CACHE/slice-doctest.log" 2>&1; then
        # Doctests marked ignore/text are not run; anything passed or failed ran proto text.
        ran=$(sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1 \2/p' \
            "$BENCH_CACHE/slice-doctest.log" | awk '{s += $1 + $2} END {print s + 0}')
        ((ran == 0)) || fail "cargo test --doc ran $ran doctests from proto text, see $BENCH_CACHE/slice-doctest.log"
    else
        fail "cargo test --doc failed: see $BENCH_CACHE/slice-doctest.log"
    fi
fi

finish
