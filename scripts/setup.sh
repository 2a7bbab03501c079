#!/bin/bash
# One command from a fresh Debian 12 machine (as root):
#
#   scripts/setup.sh run  [options]  install, build, run the main job (the call centre)
#   scripts/setup.sh test                   install, build, run every test
#
# Installing is idempotent: packages already present are not fetched again.
set -euo pipefail

cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential meson ninja-build pkg-config libglib2.0-dev
  libsofia-sip-ua-dev libsofia-sip-ua-glib-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-tools
  gobject-introspection libgirepository1.0-dev gir1.2-gstreamer-1.0
  python3-gi gjs gi-docgen sip-tester valgrind openssl
  clang-14 libfuzzer-14-dev
)
BUILD_DIR=${BUILD_DIR:-build}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#PACKAGES[@]} packages already installed"
    return
  fi
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  if [ -f "$BUILD_DIR/build.ninja" ]; then
    meson setup --reconfigure "$BUILD_DIR" >/dev/null
  else
    meson setup "$BUILD_DIR" >/dev/null
  fi
  ninja -C "$BUILD_DIR"
}

# The plain "N passed, N failed, N skipped" line, from meson's JSON logs.
summarize() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        result = json.loads(line)["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

ASAN_DIR=${ASAN_DIR:-build-asan}

# The C suites built with AddressSanitizer and UBSan (introspection off:
# the Python and gjs interpreters are not instrumented).
run_asan_tests() {
  if [ -f "$ASAN_DIR/build.ninja" ]; then
    meson setup --reconfigure "$ASAN_DIR" >/dev/null
  else
    meson setup "$ASAN_DIR" -Db_sanitize=address,undefined -Dintrospection=false \
      -Ddocs=false -Dbench=false >/dev/null
  fi
  ninja -C "$ASAN_DIR" >/dev/null
  rm -f "$ASAN_DIR/meson-logs/testlog.json"
  ASAN_OPTIONS=detect_leaks=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    meson test -C "$ASAN_DIR" --suite unit --suite calls --suite media --suite bridges --suite conferences --suite interop \
      --print-errorlogs --num-processes 2
}

FUZZ_DIR=${FUZZ_DIR:-build-fuzz}

# The libFuzzer harnesses of tests/fuzz (clang, ASan, UBSan), each run
# for a minute on its seed corpus as a test of the 'fuzz' suite: a
# crash, leak, timeout or memory blow-up fails it. tests/fuzz/README.md
# says how to run them for hours.
run_fuzz_tests() {
  if [ -f "$FUZZ_DIR/build.ninja" ]; then
    meson setup --reconfigure "$FUZZ_DIR" >/dev/null
  else
    CC=clang-14 meson setup "$FUZZ_DIR" -Dfuzzing=true -Db_lundef=false \
      -Dtests=false -Dintrospection=false -Ddocs=false -Dbench=false >/dev/null
  fi
  ninja -C "$FUZZ_DIR" >/dev/null
  rm -f "$FUZZ_DIR/meson-logs/testlog.json"
  meson test -C "$FUZZ_DIR" --suite fuzz --print-errorlogs --num-processes 1
}

run_tests() {
  local logs="$BUILD_DIR/meson-logs"
  local status=0
  rm -f "$logs/testlog.json" "$logs/testlog-valgrind.json"
  meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 2 || status=1
  # The C suites again under valgrind: any leak or memory error fails.
  meson test -C "$BUILD_DIR" --setup valgrind --suite unit --suite calls --suite media --suite bridges --suite conferences \
    --print-errorlogs --num-processes 2 || status=1
  run_asan_tests || status=1
  run_fuzz_tests || status=1
  summarize "$logs/testlog.json" "$logs/testlog-valgrind.json" \
    "$ASAN_DIR/meson-logs/testlog.json" "$FUZZ_DIR/meson-logs/testlog.json"
  return $status
}

case "${1:-}" in
  run)
    shift
    install_packages
    build
    exec "$BUILD_DIR/examples/sessioncore-callcenter" "$@"
    ;;
  test)
    install_packages
    build
    run_tests
    ;;
  *)
    echo "usage: $0 run [call centre options] | test" >&2
    exit 2
    ;;
esac
