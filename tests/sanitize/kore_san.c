/* kore_san.c: lets the sanitizers report from inside Kore's seccomp sandbox. */

/*
 * Loaded into kore (a second `load` line) by scripts/test-sanitize.sh only,
 * never into a normal run. Kore's workers run under a seccomp filter that
 * kills a thread on any system call it does not list, and the sanitizers
 * make calls the app never does: UBSan and ASan reports probe memory
 * through a pipe (pipe2), LeakSanitizer's end-of-process scan stops the
 * worker with a ptrace-ing helper (clone, prctl, ptrace, wait4, getdents,
 * sched_yield, gettid, ...). Without them a report kills the worker with
 * SIGSYS and is lost, and the leak scan of an exiting worker hangs. The
 * calls were found from the kernel's seccomp audit lines (dmesg) of such
 * runs.
 *
 * The module's constructor adds the rules while kore loads the module in
 * the parent, before any worker is forked, so every worker inherits them
 * (the app keeps its own kore_seccomp_hook for its own rules).
 *
 * It also runs the leak check of an exiting worker itself, then ends the
 * worker with _exit(). Left to the normal exit path, the check would come
 * last, after the library finalizers, and one of them (p11-kit's, pulled
 * in by libpq) blocks forever on glibc's locale lock in an ASan-preloaded
 * worker: every sanitized test run hung at its first app shutdown. The
 * check finds the same leaks here, and a worker has nothing left to
 * finalize. The parent keeps the normal path.
 */
#include <sys/syscall.h>
#include <sys/types.h>

#include <stdlib.h>
#include <unistd.h>

#include <kore/kore.h>
#include <kore/seccomp.h>

/* From the preloaded ASan runtime; weak so the module loads without it. */
void __lsan_do_leak_check(void) __attribute__((weak));

static struct sock_filter san_filter[] = {
	KORE_SYSCALL_ALLOW(pipe2),
	KORE_SYSCALL_ALLOW(prctl),
	KORE_SYSCALL_ALLOW(clone),
	KORE_SYSCALL_ALLOW(ptrace),
	KORE_SYSCALL_ALLOW(wait4),
	KORE_SYSCALL_ALLOW(getdents),
	KORE_SYSCALL_ALLOW(getdents64),
	KORE_SYSCALL_ALLOW(sched_yield),
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(getppid),
	KORE_SYSCALL_ALLOW(tgkill),
	KORE_SYSCALL_ALLOW(readlink),
	KORE_SYSCALL_ALLOW(readlinkat),
	KORE_SYSCALL_ALLOW(newfstatat),
};

static pid_t parent_pid;

void kore_san_init(void) __attribute__((constructor));

/*
 * At exit (or when kore unloads this module) in a worker: the leak check
 * now, which exits with LSan's failing status when it finds a leak, then
 * _exit(0) past the finalizers. Nothing in the parent.
 */
static void
kore_san_worker_exit(void)
{
	if (getpid() == parent_pid)
		return;
	if (__lsan_do_leak_check != NULL)
		__lsan_do_leak_check();
	_exit(0);
}

/*
 * Register the rules with kore (which owns the filter list from then on)
 * and the worker exit check; runs once, in the parent, when kore loads
 * the module.
 */
void
kore_san_init(void)
{
	parent_pid = getpid();
	if (kore_seccomp_filter("sanitizers", san_filter,
		KORE_FILTER_LEN(san_filter)) != KORE_RESULT_OK)
		fprintf(stderr, "kore_san: could not add the seccomp rules\n");
	if (atexit(kore_san_worker_exit) != 0)
		fprintf(
		    stderr, "kore_san: could not register the exit check\n");
}
