# shellcheck shell=bash
# Host steps: the patches of vmlinux.c and target.c, whose labels are
# klp.h's KLP_SYMBOL, built by clang without the plugin + ld.lld +
# klp-convert, by the plugin + klp-ld, and by gcc + GNU ld + klp-convert
# (lib/peer/host.sh).
# shellcheck source=test/e2e/lib/peer/host.sh
source "$E2E_LIB/peer/host.sh"
peer_setup || exit 0
peer_build ksym
