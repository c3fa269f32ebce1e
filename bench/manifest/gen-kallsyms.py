#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes a synthetic distro-sized /proc/kallsyms dump and Module.symvers.

vmlinux gets about 200k symbols (text, rodata, data, bss, per-CPU), the rest
of the requested total goes to about 3000 modules whose sizes follow a long
tail, as on a distribution kernel with every module loaded. Names are built
from kernel-like parts; the statics kernels really repeat (cmp, __key.N,
_rs.N, __func__.N, __already_done.N, CSWTCH.N, show/store/probe, .isra.0,
.constprop.0, .cold clones) repeat here too. The output is a function of the
seed only.

usage: gen-kallsyms.py OUTDIR [--symbols N] [--modules M] [--seed S]
"""
import argparse
import os
import random

SUBSYS = ["ext4", "xfs", "btrfs", "nfs", "tcp", "udp", "ip6", "netif", "skb",
          "sched", "rcu", "mm", "page", "slab", "vfs", "dentry", "inode",
          "blk", "bio", "scsi", "ata", "nvme", "pci", "usb", "hid", "input",
          "drm", "i915", "amdgpu", "snd", "kvm", "irq", "timer", "hrtimer",
          "cgroup", "bpf", "perf", "trace", "ftrace", "audit", "selinux",
          "crypto", "acpi", "of", "clk", "regulator", "gpio", "i2c", "spi",
          "mmc", "nf", "xt", "nft", "bridge", "vlan", "bond", "wifi", "cfg80211",
          "mac80211", "bt", "hci", "l2cap", "rfkill", "thermal", "cpufreq",
          "devfreq", "pm", "dma", "iommu", "vfio", "virtio", "vhost", "xen",
          "hv", "tty", "serial", "fb", "md", "dm", "raid", "loop", "zram"]
VERBS = ["init", "exit", "alloc", "free", "get", "put", "read", "write",
         "open", "release", "probe", "remove", "suspend", "resume", "start",
         "stop", "submit", "complete", "handle", "process", "lookup",
         "insert", "delete", "update", "flush", "sync", "map", "unmap",
         "lock", "unlock", "enable", "disable", "register", "unregister",
         "show", "store", "parse", "setup", "reset", "poll", "queue", "wake"]
NOUNS = ["buffer", "request", "queue", "entry", "node", "list", "table",
         "device", "driver", "ctx", "state", "config", "stats", "work",
         "page", "block", "extent", "inode", "sock", "packet", "frame",
         "desc", "ring", "irq", "event", "timer", "chan", "port", "link",
         "session", "key", "cache", "pool", "map", "attr", "group", "ops"]
# Statics that many files define: the reason sympos exists.
COMMON_STATICS = ["cmp", "show", "store", "probe", "remove", "init_once",
                  "match", "compare", "swap", "check", "dump", "callback",
                  "get_info", "set_param", "release", "open", "read", "write"]
NUMBERED_STATICS = ["__key", "_rs", "__func__", "__already_done", "CSWTCH",
                    "descriptor", "__warned", "__print_once", "__msg",
                    "_entry", "__UNIQUE_ID_ddebug", "trace_event_fields"]
SUFFIXES = ["", "", "", "", "", "", ".isra.0", ".constprop.0", ".cold",
            ".part.0", ".isra.0.cold"]


def make_name(rng, prefix):
    parts = [prefix, rng.choice(VERBS), rng.choice(NOUNS)]
    if rng.random() < 0.3:
        parts.append(rng.choice(NOUNS))
    return "_".join(parts)


def static_name(rng, prefix):
    """A static: mostly named after its file, some generic, some numbered."""
    r = rng.random()
    if r < 0.04:
        return rng.choice(COMMON_STATICS)
    if r < 0.25:
        return "%s.%d" % (rng.choice(NUMBERED_STATICS),
                          int(rng.expovariate(0.3)))
    return make_name(rng, prefix) + rng.choice(SUFFIXES)


def vmlinux_symbols(rng, count):
    """(type, name) in address order, as the real dump lists vmlinux."""
    out = [("A", "fixed_percpu_data"), ("A", "__per_cpu_start")]
    out += [("A", "percpu_%s_%d" % (rng.choice(NOUNS), i)) for i in range(2000)]
    out.append(("A", "__per_cpu_end"))
    out.append(("T", "startup_64"))
    out.append(("T", "_stext"))
    # Real names the tests use, so that a bench lookup has known answers.
    fixed = [("T", "nr_processes"), ("t", "version_proc_show"),
             ("t", "uptime_proc_show"), ("T", "seq_printf")]
    sections = [("t", 0.55), ("r", 0.12), ("d", 0.18), ("b", 0.15)]
    budget = count - len(out) - len(fixed) - 3
    for letter, share in sections:
        n = int(budget * share)
        for i in range(n):
            if rng.random() < 0.35:
                t = letter
                name = static_name(rng, rng.choice(SUBSYS))
            else:
                t = letter.upper()
                name = make_name(rng, rng.choice(SUBSYS)) + "_%x" % rng.getrandbits(12)
            out.append((t, name))
        if letter == "t":
            out[len(out) // 2:len(out) // 2] = fixed
            out.append(("T", "_etext"))
    out.append(("B", "saved_command_line"))
    return out


def module_sizes(rng, modules, total):
    # Log-normal: a median module of about a hundred symbols, a few large
    # drivers (amdgpu, i915, xfs) with tens of thousands.
    weights = [rng.lognormvariate(0, 1.3) for _ in range(modules)]
    scale = total / sum(weights)
    return [min(40_000, max(3, int(w * scale))) for w in weights]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--symbols", type=int, default=1_000_000)
    ap.add_argument("--modules", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)

    vml = vmlinux_symbols(rng, min(200_000, args.symbols // 5))
    mod_names = []
    seen = set()
    while len(mod_names) < args.modules:
        name = "%s_%s" % (rng.choice(SUBSYS), rng.choice(NOUNS))
        if rng.random() < 0.5:
            name += "_%d" % rng.randrange(1000)
        if name not in seen:
            seen.add(name)
            mod_names.append(name)
    sizes = module_sizes(rng, args.modules, args.symbols - len(vml))

    exports = []
    kallsyms = os.path.join(args.outdir, "kallsyms")
    with open(kallsyms, "w") as f:
        addr = 0xffffffff81000000
        for t, name in vml:
            a = 0 if t == "A" else addr
            f.write("%016x %s %s\n" % (a, t, name))
            if t != "A":
                addr += rng.randrange(16, 512, 16)
            if t.isupper() and t != "A" and rng.random() < 0.15:
                exports.append((name, "vmlinux", rng.random() < 0.6))
        for mod, size in zip(mod_names, sizes):
            base = 0xffffffffc0000000 + rng.getrandbits(14) * 0x10000
            path = "drivers/%s/%s" % (mod.split("_")[0], mod.replace("_", "-"))
            prefix = mod.split("_")[0]
            for i in range(size):
                r = rng.random()
                if r < 0.70:
                    t, name = "t", static_name(rng, prefix)
                elif r < 0.80:
                    t, name = rng.choice("drb"), static_name(rng, prefix)
                else:
                    t, name = "t", make_name(rng, prefix)
                    if rng.random() < 0.3:
                        t = "T"
                        exports.append((name, path, rng.random() < 0.7))
                f.write("%016x %s %s\t[%s]\n" % (base + i * 64, t, name, mod))
            f.write("%016x r _note_7\t[%s]\n" % (base + size * 64, mod))
            f.write("%016x d __this_module\t[%s]\n" % (base + size * 64 + 64,
                                                       mod))

    seen = set()
    with open(os.path.join(args.outdir, "Module.symvers"), "w") as f:
        for name, obj, gpl in exports:
            if (name, obj) in seen:
                continue
            seen.add((name, obj))
            f.write("0x%08x\t%s\t%s\t%s\t\n" % (
                rng.getrandbits(32), name, obj,
                "EXPORT_SYMBOL_GPL" if gpl else "EXPORT_SYMBOL"))

    # 50 names a compile might look up: known, duplicated (__key.0 is in
    # every module, as __this_module is on a real system), exported, absent.
    names = ["nr_processes", "version_proc_show", "uptime_proc_show",
             "seq_printf", "saved_command_line", "cmp", "show", "__key.0",
             "no_such_symbol_anywhere"]
    while len(names) < 50:
        names.append(rng.choice(vml)[1] if rng.random() < 0.6
                     else make_name(rng, rng.choice(SUBSYS)))
    with open(os.path.join(args.outdir, "lookups.txt"), "w") as f:
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
