# shellcheck shell=sh
# Guest checks (lib/peer/checks.sh): each build of each patch binds the
# symbols its tables name.
# shellcheck disable=SC1091
. /klp/peer.sh
for path in cv ld gcc; do
  peer_vmlinux klp_e2e_v7_vm_$path
  peer_target klp_e2e_v7_mod_$path
done
