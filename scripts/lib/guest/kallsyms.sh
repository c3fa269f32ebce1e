# shellcheck shell=sh
# The guest script of the kallsyms boot (klp_kallsyms, kernel-kallsyms.sh):
# insmods the image's modules in /klp/server/order (if any, as a server has
# them loaded), then every module of /klp/modules, and sends /proc/kallsyms,
# read as root, gzip'd over the data channel. A module that does not load
# stops it with "KLP-INSMOD-FAILED <name>: <what insmod said>" there.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

# insmod_all LIST DIR: insmod DIR/<name>.ko for each name of LIST, in order.
insmod_all() {
  n=0
  while read -r m; do
    if ! out=$(insmod "$2/$m.ko" 2>&1); then
      echo "KLP-INSMOD-FAILED $m: $out" | tee "$KLP_OUT"
      dmesg | tail -n 5
      exit 1
    fi
    n=$((n + 1))
  done <"$1"
}
t0=$(cut -d' ' -f1 /proc/uptime)
if [ -f /klp/server/order ]; then
  insmod_all /klp/server/order /klp/server
  echo "server modules: $n loaded in $(awk -v a="$t0" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
fi
for ko in /klp/modules/*.ko; do
  [ ! -e "$ko" ] || basename "$ko" .ko
done >/tmp/extra
insmod_all /tmp/extra /klp/modules
# Through a file: the gzip trailer (CRC, length) lets the host detect a cut.
cat /proc/kallsyms >/tmp/kallsyms || exit 1
gzip -1 -c /tmp/kallsyms >"$KLP_OUT" || exit 1
echo "kallsyms: $(wc -l </tmp/kallsyms) lines, $(grep -c . /proc/modules) modules"
