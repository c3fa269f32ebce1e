#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""What the plugin did to one object of the kernel, compared with the same
file compiled without it.

usage: objcheck.py LABEL PLAIN.o PLUGIN.o [--own SYMBOL]... [--own-prefix P]

Prints one line per check, "PASS <check>" or "FAIL <check>: <why>", and
"INFO <text>" lines; build.sh reports them. Checks:
  * every GLOBAL or WEAK symbol PLAIN.o defines, PLUGIN.o defines with the
    same binding, and a LOCAL one PLUGIN.o also defines stays LOCAL (the
    plugin turned none of the file's own symbols into a weak reference);
  * no mark or deferred record names a symbol PLUGIN.o defines;
  * every weak undefined symbol of PLUGIN.o that PLAIN.o has as a plain
    undefined one has a record, and every record a weak undefined symbol;
  * --own SYMBOL: SYMBOL (defined by the file's asm) is defined in both and
    has no record; --own-prefix P: the same for every symbol PLAIN.o defines
    whose name starts with P (at least one), which must also be GLOBAL.
Tools: llvm-readelf and llvm-objcopy from $LLVM_BIN, the mark reader
$PRINT_MARKS (test/lit/pass/Inputs/print-marks.py).
"""
import os
import subprocess
import sys

MARK_SECTION = ".note.klp.marks"


def symbols(obj):
    """name -> [(bind, defined, type)] from llvm-readelf -s."""
    out = subprocess.run([os.path.join(os.environ["LLVM_BIN"], "llvm-readelf"), "-sW", obj],
                         capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) < 8 or not f[0].endswith(":") or not f[0][:-1].isdigit():
            continue
        if f[3] in ("SECTION", "FILE"):
            continue
        res.setdefault(f[7], []).append((f[4], f[6] != "UND", f[3]))
    return res


def records(obj):
    """(marks, deferred): marks as (object, sympos, name, linkname),
    deferred as (linkname, origin, reason)."""
    env = dict(os.environ, PATH=os.environ["LLVM_BIN"] + os.pathsep + os.environ["PATH"])
    out = subprocess.run([sys.executable, os.environ["PRINT_MARKS"], MARK_SECTION, obj],
                         capture_output=True, text=True, env=env, check=True).stdout
    marks, deferred = [], []
    for line in out.splitlines():
        if line.startswith("no " + MARK_SECTION) or line.startswith("identity: "):
            continue
        if line.startswith("deferred: "):
            f = line[len("deferred: "):].split(" ", 3)
            deferred.append((f[1], f[2], f[3] if len(f) > 3 else ""))
        else:
            f = line.split(" ")
            marks.append((f[1], f[2], f[3], f[4]))
    return marks, deferred


def report(ok, name, why=""):
    print("PASS %s" % name if ok else "FAIL %s: %s" % (name, why))


def main():
    args = sys.argv[1:]
    label, plain, plugin = args[0], args[1], args[2]
    own, prefixes = [], []
    rest = args[3:]
    while rest:
        if rest[0] == "--own":
            own.append(rest[1])
        elif rest[0] == "--own-prefix":
            prefixes.append(rest[1])
        else:
            sys.exit("objcheck.py: unknown argument %s" % rest[0])
        rest = rest[2:]

    p, q = symbols(plain), symbols(plugin)
    marks, deferred = records(plugin)
    defined = {n for n, v in q.items() if any(d for _, d, _ in v)}
    weak_undef = {n for n, v in q.items() if any(b == "WEAK" and not d for b, d, _ in v)}
    plain_undef = {n for n, v in p.items() if any(b == "GLOBAL" and not d for b, d, _ in v)}
    linknames = {m[3] for m in marks} | {d[0] for d in deferred}
    print("INFO %s: %d marks, %d deferred, %d symbols defined" % (label, len(marks), len(deferred), len(defined)))

    changed = []
    for name, v in sorted(p.items()):
        got = q.get(name, [])
        for bind, isdef, _ in v:
            if not isdef:
                continue
            if bind == "LOCAL":
                # Locals may come and go with code generation; one that stays
                # must stay local.
                bad = any(d and b != "LOCAL" for b, d, _ in got)
            else:
                bad = not any(d and b == bind for b, d, _ in got)
            if bad:
                changed.append("%s %s -> %s" % (bind, name, ", ".join(
                    "%s %s" % (b, "defined" if d else "undefined") for b, d, _ in got) or "nothing"))
    report(not changed, "%s, the plugin changes no defined symbol's binding" % label,
           "%d changed: %s" % (len(changed), "; ".join(changed[:10])))

    own_marked = sorted(linknames & defined)
    report(not own_marked, "%s, no record for a symbol the object defines" % label,
           "%d: %s" % (len(own_marked), ", ".join(own_marked[:10])))

    unrecorded = sorted((weak_undef & plain_undef) - linknames)
    unbacked = sorted(linknames - weak_undef)
    report(not unrecorded and not unbacked,
           "%s, weak undefined symbols and records match" % label,
           "weak without a record: %s; record without a weak symbol: %s" %
           (", ".join(unrecorded[:10]) or "-", ", ".join(unbacked[:10]) or "-"))

    for name in own:
        ok = name in defined and any(d for _, d, _ in p.get(name, [])) and name not in linknames
        report(ok, "%s, %s (defined by the file's asm) is defined and unmarked" % (label, name),
               "plain %s, plugin %s, %s" % (p.get(name), q.get(name),
                                            "marked" if name in linknames else "not marked"))
    for prefix in prefixes:
        names = sorted(n for n, v in p.items() if n.startswith(prefix) and any(d for _, d, _ in v))
        bad = [n for n in names
               if not any(d and b == "GLOBAL" for b, d, _ in q.get(n, [])) or n in linknames]
        report(names and not bad,
               "%s, its %d %s* symbols are defined, GLOBAL and unmarked" % (label, len(names), prefix),
               "none defined" if not names else "%d not: %s" % (len(bad), ", ".join(bad[:10])))
        for m in marks:
            if m[2].startswith(prefix) and m[2] not in names:
                print("INFO %s: %s record for another file's symbol: %s" % (label, prefix, " ".join(m)))


if __name__ == "__main__":
    main()
