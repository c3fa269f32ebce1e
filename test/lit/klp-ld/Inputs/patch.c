/* A livepatch function as an author writes it: plain declarations of the
   kernel symbols it uses; the plugin decides which need livepatch. */
extern int nr_foo(int);
extern int helper(int);
extern int nr_bar;
int patched_fn(int x) { return nr_foo(x) + helper(x) + nr_bar; }
static const char modinfo[] __attribute__((section(".modinfo"), used)) =
    "livepatch=Y";
