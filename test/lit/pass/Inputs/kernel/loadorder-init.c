/* A module whose init code has a static named like one of its core
 * functions: while the module loads both count for sympos, afterwards only
 * the core one does. */
static int __attribute__((noinline, used, section(".init.text")))
reset_stats(int x) {
  return x;
}

int __attribute__((section(".init.text"))) loadorder_init(void) {
  return reset_stats(0);
}

static const char modinfo_name[] __attribute__((used, section(".modinfo"))) =
    "name=loadorder";
