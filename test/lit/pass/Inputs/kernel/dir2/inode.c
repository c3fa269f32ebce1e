/* A vmlinux source file for the tests, built by gcc with DWARF: a static
 * function that dir1/inode.c, a file of the same basename, has too. */
static int nr_inodes;
static __attribute__((noinline)) int init_once(int x) {
  return x * 2 + nr_inodes++;
}
int (*dir2_init_once)(int) = init_once;
