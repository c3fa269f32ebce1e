#!/usr/bin/env python3
# Part of klp-llvm, under the Apache License v2.0 with LLVM Exceptions.
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Damages one field of one symbol record of a manifest in place, the way a
flipped bit on disk would: nothing else (no checksum) is updated.

usage: damage-symbol.py MANIFEST NAME N FIELD VALUE
  the N-th record (0-based) of symbol NAME; FIELD is position, count,
  object or type (docs/manifest-format.md, symbol records).
"""
import struct
import sys

path, name, nth, field, value = sys.argv[1:]
data = bytearray(open(path, "rb").read())
u32 = lambda off: struct.unpack_from("<I", data, off)[0]
name_count, name_off = u32(40), u32(44)
sym_off, str_off = u32(52), u32(68)
fields = {"object": 0, "position": 8, "count": 12}
for i in range(name_count):
    rec = name_off + 20 * i
    s_off, s_len, first = u32(rec + 4), u32(rec + 8), u32(rec + 12)
    if bytes(data[str_off + s_off:str_off + s_off + s_len]) != name.encode():
        continue
    at = sym_off + 20 * (first + int(nth))
    if field == "type":
        data[at + 16] = ord(value)
    else:
        struct.pack_into("<I", data, at + fields[field], int(value))
    open(path, "wb").write(data)
    sys.exit(0)
sys.exit("no symbol %s in %s" % (name, path))
