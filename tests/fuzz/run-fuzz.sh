#!/bin/sh
# run-fuzz.sh HARNESS SEED_CORPUS WORK_DIR [libFuzzer options...]
#
# Runs a libFuzzer harness on its seed corpus (read only) plus WORK_DIR/
# corpus, where the inputs it finds are kept between runs; a crash, leak
# or timeout input goes to WORK_DIR/ (artifact_prefix), never into the
# source tree. Exits non-zero on any finding.
set -eu

harness=$1
seeds=$2
work=$3
shift 3

mkdir -p "$work/corpus"
exec "$harness" -artifact_prefix="$work/" -print_final_stats=1 "$@" \
  "$work/corpus" "$seeds"
