/* A vmlinux source file for the tests, built by gcc without debug info, so
 * the manifest knows it only as "inode.c": a static function that
 * dir1/inode.c and dir2/inode.c have too. */
static int nr_inodes;
static __attribute__((noinline)) int init_once(int x) {
  return x * 3 + nr_inodes++;
}
int (*dir3_init_once)(int) = init_once;
