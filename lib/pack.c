#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "output.h"
#include "pack.h"

struct qk_pack {
	struct archive *a;
	struct qk_output_atomic *at;
	char *path;
	int zip;
	int fd;
	int werr;	/* errno of the first failed write */
};

static int ends(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n > k && strcmp(s + n - k, end) == 0;
}

int qk_pack_is_archive(const char *path)
{
	return ends(path, ".tar") || ends(path, ".tar.gz") || ends(path, ".tgz") ||
	    ends(path, ".tar.xz") || ends(path, ".tar.zst") || ends(path, ".zip");
}

static int set_kind(struct archive *a, const char *path)
{
	if (ends(path, ".zip"))
		return archive_write_set_format_zip(a);
	archive_write_set_format_pax_restricted(a);
	if (ends(path, ".tar.gz") || ends(path, ".tgz")) {
		archive_write_add_filter_gzip(a);
		return archive_write_set_options(a, "gzip:!timestamp");
	}
	if (ends(path, ".tar.xz"))
		return archive_write_add_filter_xz(a);
	if (ends(path, ".tar.zst"))
		return archive_write_add_filter_zstd(a);
	return ARCHIVE_OK;
}

/*
 * libarchive's own fd writer leaves the archive in its fatal state on a
 * write error, and archive_write_free() then leaks its buffers: a write
 * error is kept here instead, and reported by the next call.
 */
static la_ssize_t write_cb(struct archive *a, void *arg, const void *buf,
    size_t len)
{
	struct qk_pack *p = arg;
	const char *b = buf;
	size_t left = len;

	(void)a;
	while (p->werr == 0 && left > 0) {
		ssize_t n = write(p->fd, b, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			p->werr = errno;
			break;
		}
		b += n;
		left -= n;
	}
	return (la_ssize_t)len;
}

/* Opens the archive on the temporary file, padding the last block as
 * archive_write_open_fd() does: only for a device. */
static int open_archive(struct qk_pack *p, int fd)
{
	struct stat st;

	p->fd = fd;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		archive_write_set_bytes_in_last_block(p->a, 1);
	return archive_write_open2(p->a, p, NULL, write_cb, NULL, NULL);
}

static int failed(struct qk_pack *p, char *err, size_t errlen)
{
	const char *msg = archive_error_string(p->a);

	if (p->werr != 0)
		msg = strerror(p->werr);
	else if (msg == NULL)
		msg = strerror(errno != 0 ? errno : EIO);
	snprintf(err, errlen, "%s: %s", p->path, msg);
	return -1;
}

struct qk_pack *qk_pack_open(const char *path, char *err, size_t errlen)
{
	struct qk_pack *p = calloc(1, sizeof *p);
	int fd;

	if (p == NULL || (p->path = strdup(path)) == NULL ||
	    (p->a = archive_write_new()) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		qk_pack_abort(p);
		return NULL;
	}
	p->zip = ends(path, ".zip");
	errno = 0;
	if ((p->at = qk_output_atomic_open(path, &fd)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno != 0 ? errno : ENOMEM));
		qk_pack_abort(p);
		return NULL;
	}
	if (set_kind(p->a, path) != ARCHIVE_OK || open_archive(p, fd) != ARCHIVE_OK) {
		failed(p, err, errlen);
		qk_pack_abort(p);
		return NULL;
	}
	return p;
}

/*
 * A zip header holds its time as a DOS local time, computed from TZ when
 * the header is written: the zone is UTC while it is, so that the bytes
 * do not depend on the machine's zone (libraries.md).  glibc keeps the
 * zone it loaded until tzset() is called again.
 */
static int zip_header(struct qk_pack *p, struct archive_entry *e)
{
	const char *tz = getenv("TZ");
	char *saved = tz != NULL ? strdup(tz) : NULL;
	int r;

	if (tz != NULL && saved == NULL)
		return ARCHIVE_FATAL;
	setenv("TZ", "UTC0", 1);
	tzset();
	r = archive_write_header(p->a, e);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	return r;
}

/*
 * Names are UTF-8.  In the C locale libarchive cannot convert a non-ASCII
 * one for a pax header or a zip name ("Can't translate pathname"), and it
 * keeps the charset of the first header it wrote: every header is written
 * under C.UTF-8 (this thread only).  ASCII names come out the same.
 */
static int write_header(struct qk_pack *p, struct archive_entry *e)
{
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = utf8 != (locale_t)0 ? uselocale(utf8) : (locale_t)0;
	int r = p->zip ? zip_header(p, e) : archive_write_header(p->a, e);

	if (utf8 != (locale_t)0) {
		uselocale(old);
		freelocale(utf8);
	}
	return r;
}

static int add_entry(struct qk_pack *p, const char *name, int type,
    long long size, long long mtime, char *err, size_t errlen)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (e == NULL) {
		snprintf(err, errlen, "%s: %s", p->path, strerror(ENOMEM));
		return -1;
	}
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	r = write_header(p, e);
	archive_entry_free(e);
	return r == ARCHIVE_OK && p->werr == 0 ? 0 : failed(p, err, errlen);
}

int qk_pack_dir(struct qk_pack *p, const char *name, long long mtime,
    char *err, size_t errlen)
{
	return add_entry(p, name, AE_IFDIR, 0, mtime, err, errlen);
}

int qk_pack_file(struct qk_pack *p, const char *name, long long size,
    long long mtime, char *err, size_t errlen)
{
	return add_entry(p, name, AE_IFREG, size, mtime, err, errlen);
}

int qk_pack_data(struct qk_pack *p, const void *buf, size_t len,
    char *err, size_t errlen)
{
	if ((len > 0 && archive_write_data(p->a, buf, len) != (ssize_t)len) || p->werr != 0)
		return failed(p, err, errlen);
	return 0;
}

static void pack_free(struct qk_pack *p)
{
	if (p->a != NULL)
		archive_write_free(p->a);
	free(p->path);
	free(p);
}

int qk_pack_commit(struct qk_pack *p, char *err, size_t errlen)
{
	if (archive_write_close(p->a) != ARCHIVE_OK || p->werr != 0) {
		failed(p, err, errlen);
		qk_pack_abort(p);
		return -1;
	}
	if (qk_output_atomic_commit(p->at) < 0) {
		snprintf(err, errlen, "%s: %s", p->path, strerror(errno));
		p->at = NULL;
		pack_free(p);
		return -1;
	}
	pack_free(p);
	return 0;
}

void qk_pack_abort(struct qk_pack *p)
{
	if (p == NULL)
		return;
	qk_output_atomic_abort(p->at);
	pack_free(p);
}

static int copy_member(struct qk_pack *p, const char *name, const char *file,
    long long mtime, char *err, size_t errlen)
{
	char buf[64 * 1024];
	struct stat st;
	ssize_t n;
	int fd = open(file, O_RDONLY), r = -1;

	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		goto done;
	}
	if (qk_pack_file(p, name, st.st_size, mtime, err, errlen) < 0)
		goto done;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (qk_pack_data(p, buf, n, err, errlen) < 0)
			goto done;
	if (n < 0)
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
	r = n == 0 ? 0 : -1;
done:
	if (fd >= 0)
		close(fd);
	return r;
}

int qk_pack_write(const char *path, const char *const *names,
    const char *const *files, int n, long long mtime, char *err, size_t errlen)
{
	struct qk_pack *p = qk_pack_open(path, err, errlen);
	int i;

	if (p == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (copy_member(p, names[i], files[i], mtime, err, errlen) < 0) {
			qk_pack_abort(p);
			return -1;
		}
	return qk_pack_commit(p, err, errlen);
}
