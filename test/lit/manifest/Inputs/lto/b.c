/* The last object: its own static, then a static ThinLTO promoted from
 * another module, which lld writes after every file's locals (named here
 * with an asm label, as the LTO backend names it). */
static int b_count;
static int tainted __asm__("tainted_mask.llvm.8340686560390053959");
int *b_counter(void) { return &b_count; }
int *tainted_ptr(void) { return &tainted; }
