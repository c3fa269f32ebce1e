#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Hand conversion of a hand-written livepatch TEST INPUT. Not klp-llvm.

klp-llvm's link step (klp-ld, klp-convert) turns marked references into the
kernel's livepatch format. Until it exists, the e2e scenario
livepatch-handmade proves the real-kernel infrastructure with a module whose
livepatch references are already named `.klp.sym.<obj>.<name>,<pos>` (asm
labels, weak undefined) and sit alone in their own relocation sections. This
script does only the in-place part of a conversion:

  * each undefined `.klp.sym.*` symbol becomes STB_GLOBAL, STT_NOTYPE,
    st_shndx = SHN_LIVEPATCH;
  * each relocation section of an allocated section whose relocations all
    name such symbols of one object becomes `.klp.rela.<obj>.<section>` with
    SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH.

It refuses anything else (a section mixing livepatch and ordinary
relocations, several objects in one section, a malformed name) instead of
splitting sections: that is the real converter's job.

Usage: klp-handconvert.py MODULE.ko   (rewritten atomically in place)
"""
import os
import struct
import sys
import tempfile

SHT_SYMTAB, SHT_RELA = 2, 4
SHF_ALLOC, SHF_INFO_LINK = 0x2, 0x40
SHF_RELA_LIVEPATCH = 0x00100000
SHN_UNDEF, SHN_LIVEPATCH = 0, 0xFF20
STB_GLOBAL, STT_NOTYPE = 1, 0
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
RELA = struct.Struct("<QQq")


class ConvertError(Exception):
    pass


def cstring(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode()


def parse_klp_sym(name):
    """'.klp.sym.<obj>.<name>,<pos>' -> obj, as the kernel reads it."""
    rest = name[len(".klp.sym."):]
    obj, dot, tail = rest.partition(".")
    sym, comma, pos = tail.rpartition(",")
    if not (obj and dot and sym and comma and pos.isdigit()) or len(obj) > 55:
        raise ConvertError(f"malformed livepatch symbol '{name}' "
                           "(expected .klp.sym.<object>.<symbol>,<sympos>)")
    return obj


def convert(data, path):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ConvertError(f"{path}: not a little-endian ELF64 file")
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    if e_type != 1 or e_machine != 62:
        raise ConvertError(f"{path}: not an x86-64 relocatable object")
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if e_shentsize != SHDR.size:
        raise ConvertError(f"{path}: unexpected section header size")
    shdrs = [list(SHDR.unpack_from(data, e_shoff + i * SHDR.size))
             for i in range(e_shnum)]
    shstr = shdrs[e_shstrndx]
    names = [cstring(data, shstr[4] + h[0]) for h in shdrs]

    symtabs = [i for i, h in enumerate(shdrs) if h[1] == SHT_SYMTAB]
    if len(symtabs) != 1:
        raise ConvertError(f"{path}: expected one symbol table")
    symtab = shdrs[symtabs[0]]
    strtab = shdrs[symtab[6]]
    klp_object = {}  # symbol index -> object name
    for index in range(symtab[5] // SYM.size):
        at = symtab[4] + index * SYM.size
        st_name, st_info, st_other, st_shndx, _, _ = SYM.unpack_from(data, at)
        name = cstring(data, strtab[4] + st_name)
        if not name.startswith(".klp.sym."):
            continue
        if st_shndx != SHN_UNDEF:
            raise ConvertError(f"{path}: symbol '{name}' is not undefined "
                               f"(section index {st_shndx:#x}); converted already?")
        klp_object[index] = parse_klp_sym(name)
        SYM.pack_into(data, at, st_name, (STB_GLOBAL << 4) | STT_NOTYPE,
                      st_other, SHN_LIVEPATCH, 0, 0)
    if not klp_object:
        raise ConvertError(f"{path}: no .klp.sym.* symbols to convert")

    renames = {}
    for i, h in enumerate(shdrs):
        if h[1] != SHT_RELA or not shdrs[h[7]][2] & SHF_ALLOC:
            continue
        targets = [RELA.unpack_from(data, h[4] + k * RELA.size)[1] >> 32
                   for k in range(h[5] // RELA.size)]
        klp = [t for t in targets if t in klp_object]
        if not klp:
            continue
        if len(klp) != len(targets):
            raise ConvertError(
                f"{path}: section {names[i]} mixes livepatch and ordinary "
                "relocations; this hand conversion cannot split it")
        objects = {klp_object[t] for t in klp}
        if len(objects) != 1:
            raise ConvertError(f"{path}: section {names[i]} references "
                               f"several objects: {sorted(objects)}")
        renames[i] = f".klp.rela.{objects.pop()}.{names[h[7]]}"
        h[2] |= SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH
    if not renames:
        raise ConvertError(f"{path}: no relocation section uses the "
                           ".klp.sym.* symbols")

    # New names go into a copy of the section name table appended at the
    # end of the file; everything else stays where it is.
    table = bytearray(data[shstr[4]:shstr[4] + shstr[5]])
    for i, new_name in sorted(renames.items()):
        shdrs[i][0] = len(table)
        table += new_name.encode() + b"\0"
    data += b"\0" * (-len(data) % 8)
    shstr[4], shstr[5] = len(data), len(table)
    data += table
    for i, h in enumerate(shdrs):
        SHDR.pack_into(data, e_shoff + i * SHDR.size, *h)
    return [renames[i] for i in sorted(renames)]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__.split("\n\n")[-1] + "\n")
        return 2
    path = argv[1]
    try:
        with open(path, "rb") as f:
            data = bytearray(f.read())
        sections = convert(data, path)
    except (OSError, ConvertError, ValueError, struct.error) as e:
        sys.stderr.write(f"klp-handconvert: error: {e}\n")
        return 1
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)),
                               prefix=".handconvert.")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"klp-handconvert: {path}: {', '.join(sections)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
