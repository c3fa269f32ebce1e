/* What the tools look at in a livepatch module, without kernel headers:
   .modinfo (livepatch=Y, name=), modpost's __this_module, klp-convert v7's
   KLP_MODULE_RELOC/KLP_SYMPOS (include/linux/livepatch.h of that series)
   and a mark note as the klp-llvm plugin writes it (docs/mark-contract.md). */
#define KLP_TEST_MODULE(modname)                                               \
  static const char __modinfo_lp[]                                             \
      __attribute__((section(".modinfo"), used, aligned(1))) = "livepatch=Y";  \
  static const char __modinfo_name[]                                           \
      __attribute__((section(".modinfo"), used, aligned(1))) =                 \
          "name=" #modname;                                                    \
  char __this_module[64]                                                       \
      __attribute__((section(".gnu.linkonce.this_module"), aligned(8))) = {1}

struct klp_module_reloc {
  union {
    void *sym;
    unsigned long long sym64; /* Force 64-bit width */
  };
  unsigned int sympos;
} __attribute__((packed));

#define KLP_MODULE_RELOC(obj)                                                  \
  struct klp_module_reloc                                                      \
      __attribute__((__section__(".klp.module_relocs." #obj)))                 \
      __attribute__((aligned(4)))

#define KLP_SYMPOS(symbol, pos)                                                \
  {                                                                            \
    .sym = &symbol, .sympos = pos,                                             \
  }

#define KLP_MARK(record)                                                       \
  __asm__(".pushsection .note.klp.marks,\"\",%note\n"                          \
          ".balign 4\n"                                                        \
          ".long 9, 1f - 0f, 1\n"                                              \
          ".asciz \"klp-llvm\"\n"                                              \
          ".balign 4\n"                                                        \
          "0: .asciz \"" record "\"\n"                                         \
          "1: .balign 4\n"                                                     \
          ".popsection\n")
