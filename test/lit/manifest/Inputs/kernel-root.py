#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes what `klp-manifest capture --root DIR` reads of a running kernel.

usage: kernel-root.py DIR RELEASE BUILD-ID-HEX [KALLSYMS-LINE...]

DIR/proc/kallsyms (the given lines, else a small vmlinux with
vmlinux_build_id), DIR/proc/sys/kernel/osrelease, DIR/sys/kernel/notes (one
little-endian NT_GNU_BUILD_ID note; no note for an empty BUILD-ID-HEX) and
an empty DIR/sys/module. DIR/notes is a copy of the notes, as an
administrator would hand it to `klp-check --kernel-notes`.
"""
import os
import struct
import sys

root, release, build_id = sys.argv[1], sys.argv[2], sys.argv[3]
lines = sys.argv[4:] or [
    "ffffffff81000000 T startup_64",
    "ffffffff81001000 T nr_processes",
    "ffffffff81002000 t cmp",
    "ffffffff82000000 D vmlinux_build_id",
]
for sub in ("proc/sys/kernel", "sys/kernel", "sys/module"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
with open(os.path.join(root, "proc/kallsyms"), "w") as f:
    f.write("".join(line + "\n" for line in lines))
with open(os.path.join(root, "proc/sys/kernel/osrelease"), "w") as f:
    f.write(release + "\n")
desc = bytes.fromhex(build_id)
notes = b""
if desc:
    pad = (4 - len(desc) % 4) % 4
    notes = struct.pack("<III", 4, len(desc), 3) + b"GNU\0" + desc + b"\0" * pad
for path in ("sys/kernel/notes", "notes"):
    with open(os.path.join(root, path), "wb") as f:
        f.write(notes)
