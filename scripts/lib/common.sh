# shellcheck shell=bash
# Helpers shared by the klp-llvm scripts. Source it; it defines functions and
# a few read-only paths, nothing runs on its own.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

KLP_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KLP_SRC_ROOT=$(cd "$KLP_SCRIPTS_DIR/.." && pwd)
readonly KLP_SCRIPTS_DIR KLP_SRC_ROOT

# Messages go to stderr so that stdout stays free for results (paths, flags).
klp_log() { printf '%s: %s\n' "${KLP_PROG:-${0##*/}}" "$*" >&2; }
klp_die() {
  klp_log "error: $*"
  exit 1
}

# The usage text of the calling script: its comment block from "# Usage:" up
# to the SPDX line.
klp_usage() { sed -n '/^# Usage:/,/^# SPDX/{/^# SPDX/d;s/^# \{0,1\}//;p}' "$0"; }

# --build-dir DIR: creates DIR and exports it, absolute, as KLP_BUILD_DIR.
klp_set_build_dir() {
  mkdir -p "$1" || klp_die "cannot create build directory $1"
  KLP_BUILD_DIR=$(cd "$1" && pwd)
  export KLP_BUILD_DIR
}

# The build directory: --build-dir, else $KLP_BUILD_DIR, else <repo>/build.
klp_build_dir() {
  local dir=${KLP_BUILD_DIR:-$KLP_SRC_ROOT/build}
  mkdir -p "$dir" || klp_die "cannot create build directory $dir"
  (cd "$dir" && pwd)
}

# Seconds since the epoch with milliseconds, for timings.
klp_now() { date +%s.%N; }
# klp_elapsed START -> "1.234" seconds since START.
klp_elapsed() { awk -v s="$1" -v e="$(klp_now)" 'BEGIN { printf "%.3f", e - s }'; }

# klp_require_cmd CMD PACKAGE: fail with the package to install.
klp_require_cmd() {
  command -v "$1" >/dev/null 2>&1 ||
    klp_die "'$1' not found; install it with scripts/install-deps.sh (Debian package $2)"
}
