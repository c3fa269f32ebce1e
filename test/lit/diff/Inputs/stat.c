// A kernel-like file: a WARN-style macro records __LINE__ in an asm
// operand (as x86's __bug_table entries do), a lockdep-style static key per
// use, string literals shared by several functions.
struct seq_file;
extern int seq_printf(struct seq_file *m, const char *fmt, ...);
extern void report(const char *file, int line);
extern void lock_init(void *key);

#define WARN_HERE() asm volatile("# bug at %c0" : : "i"(__LINE__))
#define INIT_LOCK() do { static int __key; lock_init(&__key); } while (0)

static int reads;

static int show_count(struct seq_file *m)
{
	return seq_printf(m, "%d\n", reads);
}

int show_stat(struct seq_file *m)
{
	reads++;
	return show_count(m);
}

void check_state(int bad)
{
	INIT_LOCK();
	INIT_LOCK();
	if (bad)
		WARN_HERE();
	report(__FILE__, __LINE__);
}

int show_other(struct seq_file *m)
{
	return seq_printf(m, "%d\n", 0);
}
