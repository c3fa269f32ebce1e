#!/bin/bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
#
# bench/fuzz/run.sh [BUILD_DIR] - the fuzz targets, for longer than the tests
# run them: each target for SECONDS (default 600) from the checked-in seeds,
# then one line per target with executions, executions/s, coverage (cov:
# edges, ft: features) and the corpus it grew to. Crashing inputs land in
# BUILD_DIR/fuzz-artifacts (add each to test/fuzz/corpus/<target>/ with its
# fix); a crash makes the script fail.
# BUILD_DIR is a -DKLP_FUZZ=ON build (default build-fuzz, configured and built
# here if missing). Environment: SECONDS_PER_TARGET (600), TARGETS (all),
# KLP_FUZZ_JOBS (targets at once; default the number of CPUs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$top/build-fuzz}
seconds=${SECONDS_PER_TARGET:-600}
read -r -a targets <<<"${TARGETS:-}"

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$top" -B "$build" -G Ninja -DKLP_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DLLVM_DIR=/usr/lib/llvm-19/lib/cmake/llvm >/dev/null
fi
ninja -C "$build" fuzz >/dev/null

echo "fuzzing each target for $seconds s (${KLP_FUZZ_JOBS:-$(nproc)} at once)"
echo "reproduce: SECONDS_PER_TARGET=$seconds TARGETS='${targets[*]}'" \
  "bench/fuzz/run.sh $build"
exec "$top/test/fuzz/run.sh" "$build" "$seconds" "${targets[@]}"
