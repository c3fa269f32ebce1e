# shellcheck shell=sh
# Guest checks (lib/peer/checks.sh): each build of each patch binds the
# symbols its labels name.
# shellcheck disable=SC1091
. /klp/peer.sh
for path in cv ld gcc; do
  peer_vmlinux klp_e2e_ksym_vm_$path
  peer_target klp_e2e_ksym_mod_$path
done
