#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Prints the notes of an object's mark section, one per line, in order.

usage: print-marks.py SECTION OBJECT

A mark note prints as its record ("2 <object> <sympos> <name> <linkname>"),
a deferred reference as "deferred: 2 <linkname> <origin> <reason>", an
identity note as "identity: 2 release=... vmlinux.build-id=..."
(docs/mark-contract.md). The notes are read from the section's bytes, so the
framing is checked too: a malformed note is an error.
"""
import struct
import sys

section, obj = sys.argv[1], sys.argv[2]


def read_section(path, name):
    """The bytes of section NAME of a little-endian ELF64 file, or None.
    Read directly: llvm-objcopy refuses converted modules (SHN_LIVEPATCH
    symbols)."""
    data = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
               for i in range(shnum)]
    strtab = headers[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    for h in headers:
        if names[h[0]:names.index(b"\0", h[0])].decode() == name:
            return data[h[4]:h[4] + h[5]]
    return None


data = read_section(obj, section)
if data is None:
    print("no %s section in %s" % (section, obj))
    sys.exit(0)

kinds = {1: "", 2: "deferred: ", 3: "identity: "}
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
