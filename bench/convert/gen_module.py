#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Writes the assembly of a large livepatch module for bench/convert/run.sh.

OBJECTS files, each with FUNCS functions that call and load marked kernel
symbols (weak undefined + .note.klp.marks notes, as the plugin leaves them)
and ordinary module-local symbols, plus a data table of pointers and a
debug section, so that roughly half the relocations move to .klp.rela.
"""
import os
import sys


def write_object(path, index, funcs, calls, kernel_syms):
    out = []
    emit = out.append
    emit("  .text")
    for f in range(funcs):
        name = f"fn_{index}_{f}"
        emit(f"  .section .text.{name},\"ax\",@progbits")
        emit(f"  .globl {name}")
        emit(f"  .type {name},@function")
        emit(f"{name}:")
        for c in range(calls):
            k = (index * 7919 + f * 104729 + c * 31) % kernel_syms
            emit(f"  call ksym_{k}")
            emit(f"  movq kvar_{k}(%rip), %rax")
            emit(f"  call local_{index}_{(f + c) % funcs}")
        emit("  ret")
        emit(f"  .size {name}, .-{name}")
    for f in range(funcs):
        emit(f"  .section .text.local_{index}_{f},\"ax\",@progbits")
        emit(f"local_{index}_{f}:")
        emit("  ret")
    emit("  .section .data.table,\"aw\",@progbits")
    for f in range(funcs):
        k = (index * 31 + f) % kernel_syms
        emit(f"  .quad ksym_{k}")
        emit(f"  .quad fn_{index}_{f}")
    emit("  .section .debug_info,\"\",@progbits")
    for f in range(funcs):
        emit(f"  .quad fn_{index}_{f}")
    emit("  .section .note.klp.marks,\"\",@note")
    used = sorted({(index * 7919 + f * 104729 + c * 31) % kernel_syms
                   for f in range(funcs) for c in range(calls)} |
                  {(index * 31 + f) % kernel_syms for f in range(funcs)})
    for k in used:
        emit(f"  .weak ksym_{k}")
        emit(f"  .weak kvar_{k}")
        for record in (f"1 vmlinux 0 ksym_{k} ksym_{k}",
                       f"1 vmlinux {k % 3} kvar_{k} kvar_{k}"):
            # One ELF note per mark: owner "klp-llvm", type 1.
            emit("  .balign 4")
            emit(f"  .long 9, {len(record) + 1}, 1")
            emit("  .asciz \"klp-llvm\"")
            emit("  .balign 4")
            emit(f"  .asciz \"{record}\"")
    emit("  .balign 4")
    if index == 0:
        emit("  .section .modinfo,\"a\"")
        emit("  .asciz \"livepatch=Y\"")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


def main():
    outdir, objects, funcs, calls, kernel_syms = sys.argv[1], *map(int, sys.argv[2:6])
    os.makedirs(outdir, exist_ok=True)
    for i in range(objects):
        write_object(os.path.join(outdir, f"obj{i}.s"), i, funcs, calls,
                     kernel_syms)
    with open(os.path.join(outdir, "mod.s"), "w") as fh:
        fh.write("  .section .gnu.linkonce.this_module,\"aw\",@progbits\n"
                 "  .globl __this_module\n__this_module:\n  .zero 64\n")


if __name__ == "__main__":
    main()
