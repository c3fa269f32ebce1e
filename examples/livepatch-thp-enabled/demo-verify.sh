# shellcheck shell=sh
# Run by scripts/demo.sh in the guest while the patch is enabled: shows that
# the patch reached mm/huge_memory.c's enabled_show. $sympos_enabled_show is
# the position klp-ld wrote (.klp.sym.vmlinux.enabled_show,N); sets status=1
# on a mismatch.
# shellcheck disable=SC2034,SC2154 # status, sympos_enabled_show: the demo's
thp=/sys/kernel/mm/transparent_hugepage
out=$(cat $thp/hpage_pmd_size)
printed=$(echo "$out" | sed -n 's/^klp_example_thp enabled_show()=//p')
addr=$(echo "$out" | sed -n 's/^klp_example_thp &enabled_show=//p')
echo "--- the original mm/huge_memory.c copy: \$ cat $thp/enabled"
original=$(cat $thp/enabled)
echo "$original"
echo "--- enabled_show #$sympos_enabled_show in /proc/kallsyms: \$ grep ' enabled_show\$' /proc/kallsyms"
grep ' enabled_show$' /proc/kallsyms | awk -v n="$sympos_enabled_show" '{ print "#" NR ": " $0 (NR == n ? "   <- sympos " n : "") }'
nth=$(grep ' enabled_show$' /proc/kallsyms | sed -n "${sympos_enabled_show}p" | { read -r a _; echo "$a"; })
if [ "$printed" = "$original" ]; then
  echo "output: same as $thp/enabled"
else
  echo "output: DIFFERENT from $thp/enabled"; status=1
fi
if [ -n "$addr" ] && [ "$addr" = "$nth" ]; then
  echo "address: $addr = enabled_show #$sympos_enabled_show of /proc/kallsyms"
else
  echo "address: '$addr' is NOT enabled_show #$sympos_enabled_show ('$nth')"; status=1
fi
