# shellcheck shell=bash
# Reading the serial log of a boot (klp_boot): what the guest printed
# between the markers its /init writes, and the kernel messages that mean
# trouble. One list of those for every boot: the e2e suite's, the demo's and
# the one that reads kallsyms. Source after common.sh.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# Markers the generated /init writes around the guest script. The end marker
# carries the script's exit status: "@@KLP-END@@ status=N".
KLP_BEGIN_MARKER=@@KLP-BEGIN@@
KLP_END_MARKER=@@KLP-END@@

# Kernel messages that mean trouble whatever the guest checked.
KLP_LOG_TROUBLE='WARNING:|BUG:|Oops|ftrace bug|ftrace failed|Kernel panic|Call Trace:|general protection|Unknown symbol|Invalid relocation|livepatch:'
# The livepatch: messages of the normal course of enabling and disabling a
# patch, and of loading and unloading the module it patches.
KLP_LOG_LIVEPATCH_OK="livepatch: (enabling patch '[^']+'|'[^']+': (initializing|starting|completing) (un)?patching transition|'[^']+': (un)?patching complete|applying patch '[^']+' to loading module '[^']+'|reverting patch '[^']+' on unloading module '[^']+')\$"

# klp_log_trouble LOG [ALLOW]: prints the lines of LOG that mean trouble,
# except those matching the ERE ALLOW (what a test provokes on purpose).
klp_log_trouble() {
  tr -d '\r' <"$1" | grep -aE "$KLP_LOG_TROUBLE" | grep -avE "$KLP_LOG_LIVEPATCH_OK" |
    { if [[ -n ${2:-} ]]; then grep -avE "$2"; else cat; fi; } || true
}

# klp_guest_section LOG: the lines the guest printed between the markers
# (kernel messages printed meanwhile included), without the markers.
klp_guest_section() {
  tr -d '\r' <"$1" | awk -v b="$KLP_BEGIN_MARKER" -v e="$KLP_END_MARKER" '
    index($0, e) { exit }
    on { print }
    index($0, b) { on = 1 }'
}
