# shellcheck shell=sh
# Guest checks, once per module (klp-ld, ld.lld + klp-convert; each against
# the manifest from the debug vmlinux and the one from the server's
# kallsyms): the patched /proc/version shows values and addresses that match
# what the guest reads independently, and the original comes back after
# disabling.

# kallsyms_addr NAME: the address /proc/kallsyms (read as root) gives NAME.
kallsyms_addr() {
  grep " $1\$" /proc/kallsyms | { read -r addr _; echo "$addr"; }
}

# count_processes: sets n to how many /proc/<pid> folders (thread-group
# leaders) exist, which nr_processes() counts; without forking (a $(...)
# would be one more process).
count_processes() {
  set -- /proc/[0-9]*
  n=$#
}

cmdline=$(cat /proc/cmdline)
original=$(cat /proc/version)
for patch in klp_e2e_vmlinux klp_e2e_vmlinux_cv klp_e2e_vmlinux_ks klp_e2e_vmlinux_kscv; do
  check "$patch, insmod" load $patch
  check_klp_patched "$patch, enabled, transition finished" $patch

  # Read the patched file with the shell's own read (no process starts
  # meanwhile); retry if a kernel thread came or went during the read.
  tries=5
  while :; do
    count_processes
    n_before=$n
    nr="" saved="" a_nr="" a_saved="" a_show="" shown=""
    while IFS= read -r line; do
      case $line in
      "$patch nr_processes="*) nr=${line#*=} ;;
      "$patch saved_command_line="*) saved=${line#*=} ;;
      "$patch &nr_processes="*) a_nr=${line#*=} ;;
      "$patch &saved_command_line="*) a_saved=${line#*=} ;;
      "$patch &cmdline_proc_show="*) a_show=${line#*=} ;;
      "$patch cmdline_proc_show()="*) shown=${line#*=} ;;
      esac
    done </proc/version
    count_processes
    n_after=$n
    tries=$((tries - 1))
    [ "$n_before" = "$n_after" ] || [ $tries = 0 ] || continue
    break
  done
  echo "$patch, nr_processes=$nr, /proc has $n_before..$n_after processes"
  check_eq "$patch, nr_processes() = number of /proc/<pid>" "$n_before" "$nr"
  check_eq "$patch, saved_command_line = /proc/cmdline" "$cmdline" "$saved"
  check_eq "$patch, cmdline_proc_show() printed /proc/cmdline" "$cmdline" "$shown"
  check_eq "$patch, &nr_processes = kallsyms" "$(kallsyms_addr nr_processes)" "$a_nr"
  check_eq "$patch, &saved_command_line = kallsyms" "$(kallsyms_addr saved_command_line)" "$a_saved"
  check_eq "$patch, &cmdline_proc_show = kallsyms" "$(kallsyms_addr cmdline_proc_show)" "$a_show"

  check_klp_disable "$patch, disabled, unpatching finished" $patch
  check_eq "$patch, original /proc/version after disable" "$original" "$(cat /proc/version)"
  check "$patch, rmmod" rmmod $patch
done
