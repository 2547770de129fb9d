/* The sequence file of case ids (formats.md, Case id). */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seq.h"
#include "test.h"

/* The whole file at path in buf ("" when missing or unreadable). */
static const char *slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* A folder with the path of its sequence file. */
struct fixture {
	struct qk_test_tmp t;
	char path[512];
};

static int fixture(struct fixture *f, const char *content)
{
	if (qk_test_tmp_make(&f->t) < 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/seq", f->t.dir);
	return content == NULL ? 0 :
	    qk_test_tmp_write(&f->t, "seq", content, NULL, 0);
}

/* qk_seq_next with why it failed copied into err. */
static int next_err(struct qk_seq *s, const char *site, const char *ymd,
    unsigned long *n, char *err, size_t errlen)
{
	int r = qk_seq_next(s, site, ymd, n);

	if (r < 0)
		snprintf(err, errlen, "%s", qk_seq_error(s));
	return r;
}

/* qk_seq_close, then qk_seq_free, with why it failed copied into err. */
static int close_err(struct qk_seq *s, char *err, size_t errlen)
{
	int r = qk_seq_close(s);

	if (r < 0)
		snprintf(err, errlen, "%s", qk_seq_error(s));
	qk_seq_free(s);
	return r;
}

/* The next number of site and day, or 0 on an error. */
static unsigned long next(struct qk_seq *s, const char *site, const char *ymd)
{
	char err[256];
	unsigned long n = 0;

	if (next_err(s, site, ymd, &n, err, sizeof err) < 0) {
		printf("# %s\n", err);
		return 0;
	}
	return n;
}

static int finish(struct qk_seq *s)
{
	char err[256];

	if (close_err(s, err, sizeof err) < 0) {
		printf("# %s\n", err);
		return -1;
	}
	return 0;
}

QK_TEST(seq_new_file_numbers_each_site_and_day_from_one)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[512];

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK(access(f.path, F_OK) < 0);	/* untouched before a number */
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(next(s, "XG", "20261124"), 2);
	CHECK_INT(next(s, "XG-HB", "20261124"), 1);
	CHECK_INT(next(s, "XG", "20261125"), 1);
	CHECK_INT(next(s, "XG", "20261124"), 3);
	CHECK_INT(finish(s), 0);
	/* Sorted by site, then day; the last number used. */
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 3\nXG 20261125 1\nXG-HB 20261124 1\n");
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_close_without_a_number_creates_nothing)
{
	struct fixture f;
	struct qk_seq *s;

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(finish(s), 0);
	CHECK(access(f.path, F_OK) < 0);
	qk_test_tmp_remove(&f.t);
}

/* 1 when another open file description can take the lock of path now. */
static int lock_free(const char *path)
{
	char lock[600];
	int fd, r;

	snprintf(lock, sizeof lock, "%s.lock", path);
	if ((fd = open(lock, O_RDWR | O_CLOEXEC)) < 0)
		return -1;
	r = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return r;
}

/* formats.md, Case id: the lock is held from the first number "until it
 * exits": recording the last numbers does not release it, freeing does. */
QK_TEST(seq_lock_is_held_after_close_until_free)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[64];

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(lock_free(f.path), 0);
	CHECK_INT(qk_seq_close(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1\n");
	CHECK_INT(lock_free(f.path), 0);
	qk_seq_free(s);
	CHECK_INT(lock_free(f.path), 1);
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_numbers_persist_across_close_and_reopen)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[512];

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(next(s, "XG-HB", "20261124"), 1);
	CHECK_INT(next(s, "XG-HB", "20261124"), 2);
	CHECK_INT(finish(s), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG-HB", "20261124"), 3);
	CHECK_INT(next(s, "XG", "20261124"), 2);
	CHECK_INT(next(s, "XG", "20261126"), 1);
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 2\nXG 20261126 1\nXG-HB 20261124 3\n");
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_reads_unsorted_lines_and_writes_them_sorted)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[512];

	CHECK_INT(fixture(&f, "XG-HB 20261124 7\nXG 20261125 1\nXG 20261124 9999\n"), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 10000);
	CHECK_INT(next(s, "XG-HB", "20261124"), 8);
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 10000\nXG 20261125 1\nXG-HB 20261124 8\n");
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_empty_file_counts_as_empty)
{
	struct fixture f;
	struct qk_seq *s;

	CHECK_INT(fixture(&f, ""), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(finish(s), 0);
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_records_a_block_before_handing_out_numbers)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[512];
	int i;

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1000\n");
	for (i = 2; i <= 1000; i++)
		if (next(s, "XG", "20261124") != (unsigned long)i)
			break;
	CHECK_INT(i, 1001);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1000\n");
	CHECK_INT(next(s, "XG", "20261124"), 1001);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 2000\n");
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1001\n");
	qk_test_tmp_remove(&f.t);
}

/* A run that ends without qk_seq_close() (a crash) leaves its reservation:
 * the next run goes on after the block, never reusing a number. */
QK_TEST(seq_after_a_failed_run_skips_its_reserved_block)
{
	struct fixture f;
	struct qk_seq *s;
	char buf[512];
	int status = -1;
	pid_t pid;

	CHECK_INT(fixture(&f, "XG 20261124 5\n"), 0);
	fflush(stdout);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		s = qk_seq_new(f.path);
		_exit(s != NULL && next(s, "XG", "20261124") == 6 &&
		    next(s, "XG", "20261124") == 7 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1005\n");
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1006);
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1006\n");
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_sites_reserve_a_new_day_for_every_site)
{
	static const char *const sites[] = { "XG", "XG-HB", "XG-XS" };
	struct fixture f;
	struct qk_seq *s;
	char buf[512];

	CHECK_INT(fixture(&f, "XG-HB 20261124 4\n"), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(qk_seq_sites(s, sites, 3), 0);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	/* One write reserved the day for every site. */
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 1000\nXG-HB 20261124 1004\nXG-XS 20261124 1000\n");
	CHECK_INT(next(s, "XG-HB", "20261124"), 5);
	CHECK_INT(next(s, "XG", "20261125"), 1);
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 1000\nXG 20261125 1000\nXG-HB 20261124 1004\n"
	    "XG-HB 20261125 1000\nXG-XS 20261124 1000\nXG-XS 20261125 1000\n");
	CHECK_INT(finish(s), 0);
	/* A site that had no case leaves no line; one read from the file
	 * keeps its number. */
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 1\nXG 20261125 1\nXG-HB 20261124 5\n");
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_site_outside_the_list_still_gets_numbers)
{
	static const char *const sites[] = { "XG" };
	struct fixture f;
	struct qk_seq *s;
	char buf[512];

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(qk_seq_sites(s, sites, 1), 0);
	CHECK_INT(next(s, "XG-YG", "20261124"), 1);
	CHECK_INT(next(s, "XG-YG", "20261124"), 2);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 1\nXG-YG 20261124 2\n");
	qk_test_tmp_remove(&f.t);
}

/* A malformed file: -1 with a message naming the file and the line, the
 * sequence unusable, the file left as it is. */
static int refuses(const char *content, const char *want)
{
	struct fixture f;
	struct qk_seq *s;
	char err[256] = "", buf[512], line[600];
	unsigned long n = 0;
	int ok;

	if (fixture(&f, content) < 0)
		return 0;
	s = qk_seq_new(f.path);
	ok = s != NULL &&
	    next_err(s, "XG", "20261124", &n, err, sizeof err) == -1;
	snprintf(line, sizeof line, "%s:%s", f.path, want);
	if (ok && strncmp(err, line, strlen(line)) != 0) {
		printf("# message \"%s\", expected \"%s…\"\n", err, line);
		ok = 0;
	}
	/* Unusable from then on. */
	if (ok && next_err(s, "XG", "20261124", &n, err, sizeof err) != -1)
		ok = 0;
	if (s != NULL && close_err(s, err, sizeof err) < 0)
		ok = 0;
	if (strcmp(slurp(f.path, buf, sizeof buf), content) != 0)
		ok = 0;
	qk_test_tmp_remove(&f.t);
	return ok;
}

QK_TEST(seq_malformed_lines_are_errors)
{
	CHECK(refuses("XG 2026112 1\n", "1: malformed"));
	CHECK(refuses("XG 20261124\n", "1: malformed"));
	CHECK(refuses("XG 20261124 \n", "1: malformed"));
	CHECK(refuses("XG 20261124 1x\n", "1: malformed"));
	CHECK(refuses("XG 20261124 -1\n", "1: malformed"));
	CHECK(refuses("XG 2026-11-24 1\n", "1: malformed"));
	CHECK(refuses("X G 20261124 1\n", "1: malformed"));
	CHECK(refuses(" 20261124 1\n", "1: malformed"));
	CHECK(refuses("XG 20261124 1 2\n", "1: malformed"));
	CHECK(refuses("XG 20261124 1\n\n", "2: malformed"));
	CHECK(refuses("XG 20261124 1\r\n", "1: malformed"));
	CHECK(refuses("XG 20261124 1\nXG 20261125 x\n", "2: malformed"));
}

QK_TEST(seq_repeated_site_and_day_is_an_error)
{
	CHECK(refuses("XG 20261124 1\nXG-HB 20261124 1\nXG 20261124 2\n",
	    "3: repeated site and day"));
}

QK_TEST(seq_missing_final_line_feed_is_an_error)
{
	CHECK(refuses("XG 20261124 1", "1: no final line feed"));
	CHECK(refuses("XG 20261124 1\nXG 20261125 1", "2: no final line feed"));
}

QK_TEST(seq_unreadable_file_is_an_error)
{
	struct fixture f;
	struct qk_seq *s;
	char err[256] = "";
	unsigned long n = 0;

	CHECK_INT(fixture(&f, NULL), 0);
	CHECK_INT(mkdir(f.path, 0700), 0);	/* a folder is not a file */
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(next_err(s, "XG", "20261124", &n, err, sizeof err), -1);
	CHECK(strncmp(err, f.path, strlen(f.path)) == 0);
	CHECK(strstr(err, strerror(EISDIR)) != NULL);
	CHECK_INT(close_err(s, err, sizeof err), 0);
	rmdir(f.path);
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_lock_that_cannot_be_made_is_an_error)
{
	struct fixture f;
	struct qk_seq *s;
	char err[256] = "", path[600];
	unsigned long n = 0;

	CHECK_INT(fixture(&f, NULL), 0);
	CHECK_INT(qk_test_tmp_write(&f.t, "file", "", NULL, 0), 0);
	snprintf(path, sizeof path, "%s/file/seq", f.t.dir);	/* under a file */
	s = qk_seq_new(path);
	CHECK(s != NULL);
	CHECK_INT(next_err(s, "XG", "20261124", &n, err, sizeof err), -1);
	CHECK(strstr(err, "seq.lock") != NULL);
	CHECK_INT(close_err(s, err, sizeof err), 0);
	qk_test_tmp_remove(&f.t);
}

QK_TEST(seq_makes_missing_parent_folders)
{
	struct fixture f;
	struct qk_seq *s;
	char path[600], buf[64];

	CHECK_INT(fixture(&f, NULL), 0);
	snprintf(path, sizeof path, "%s/state/seq", f.t.dir);
	s = qk_seq_new(path);
	CHECK(s != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(path, buf, sizeof buf), "XG 20261124 1\n");
	unlink(path);
	snprintf(path, sizeof path, "%s/state/seq.lock", f.t.dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/state", f.t.dir);
	rmdir(path);
	qk_test_tmp_remove(&f.t);
}

/* A roster site that is no code never reaches the file: reserving skips
 * it, and asking a number for it is an error that names it, leaving the
 * file readable and the other sites numbered. */
QK_TEST(seq_site_that_is_not_a_code_is_refused_and_never_written)
{
	static const char *const sites[] = { "XG", "X Y", "XG-HB" };
	struct fixture f;
	struct qk_seq *s;
	unsigned long n = 0;
	char buf[512], err[256];

	CHECK_INT(fixture(&f, NULL), 0);
	s = qk_seq_new(f.path);
	CHECK(s != NULL);
	CHECK_INT(qk_seq_sites(s, sites, 3), 0);
	CHECK_INT(qk_seq_sites(s, sites + 2, 1), 0);
	CHECK_INT(next_err(s, "X Y", "20261124", &n, err, sizeof err), -1);
	CHECK(strstr(err, "site 'X Y' is not a code") != NULL);
	CHECK_INT(next(s, "XG", "20261124"), 1);
	CHECK_STR(slurp(f.path, buf, sizeof buf),
	    "XG 20261124 1000\nXG-HB 20261124 1000\n");
	CHECK_INT(finish(s), 0);
	CHECK_STR(slurp(f.path, buf, sizeof buf), "XG 20261124 1\n");
	qk_test_tmp_remove(&f.t);
}
