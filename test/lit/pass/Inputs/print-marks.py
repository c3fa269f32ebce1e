#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Prints the notes of an object's mark section, one per line, in order.

usage: print-marks.py SECTION OBJECT

A mark note prints as its record ("2 <object> <sympos> <name> <linkname>"),
a deferred reference as "deferred: 2 <linkname> <origin> <reason>"
(docs/mark-contract.md). The notes are read from the section's bytes, so the
framing is checked too: a malformed note is an error.
"""
import os
import struct
import subprocess
import sys
import tempfile

section, obj = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    raw = os.path.join(tmp, "notes")
    out = subprocess.run(["llvm-objcopy", "--dump-section=%s=%s" % (section, raw),
                          obj, os.path.join(tmp, "copy")],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print("no %s section in %s" % (section, obj))
        sys.exit(0)
    data = open(raw, "rb").read()

kinds = {1: "", 2: "deferred: "}
off = 0
while off + 12 <= len(data):
    namesz, descsz, ntype = struct.unpack_from("<III", data, off)
    name_off = off + 12
    desc_off = name_off + (namesz + 3) // 4 * 4
    end = desc_off + (descsz + 3) // 4 * 4
    if end > len(data):
        sys.exit("note at %d runs past the end of %s" % (off, section))
    name = data[name_off:name_off + namesz]
    desc = data[desc_off:desc_off + descsz]
    off = end
    if namesz == 0 and descsz == 0:
        continue
    if name != b"klp-llvm\0" or ntype not in kinds or not desc.endswith(b"\0"):
        sys.exit("unexpected note (owner %r, type %d)" % (name, ntype))
    print(kinds[ntype] + desc[:-1].decode())
if any(data[off:]):
    sys.exit("trailing bytes in %s" % section)
