# shellcheck shell=sh
# Guest checks (lib/peer/checks.sh): each build of each patch, labels
# unquoted (suse3) and quoted (suse3q), binds the symbols they name.
# shellcheck disable=SC1091
. /klp/peer.sh
for form in suse3 suse3q; do
  for path in cv ld gcc; do
    peer_vmlinux klp_e2e_${form}_vm_$path
    peer_target klp_e2e_${form}_mod_$path
  done
done
