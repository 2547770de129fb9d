#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "output.h"
#include "pack.h"

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

static int copy_member(struct archive *a, const char *name, const char *file,
    long long mtime)
{
	struct archive_entry *e = archive_entry_new();
	char buf[64 * 1024];
	struct stat st;
	ssize_t n;
	int fd = open(file, O_RDONLY), r = -1;

	if (e == NULL || fd < 0 || fstat(fd, &st) < 0)
		goto done;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, st.st_size);
	archive_entry_set_mtime(e, mtime, 0);
	archive_entry_set_uid(e, 0);
	archive_entry_set_gid(e, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		goto done;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (archive_write_data(a, buf, n) != n)
			goto done;
	r = n == 0 ? 0 : -1;
done:
	if (fd >= 0)
		close(fd);
	archive_entry_free(e);
	return r;
}

int qk_pack_write(const char *path, const char *const *names,
    const char *const *files, int n, long long mtime, char *err, size_t errlen)
{
	struct archive *a = archive_write_new();
	struct qk_atomic *at;
	int fd, i;

	at = a != NULL ? qk_atomic_open(path, &fd) : NULL;
	if (at == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno != 0 ? errno : ENOMEM));
		if (a != NULL)
			archive_write_free(a);
		return -1;
	}
	if (set_kind(a, path) != ARCHIVE_OK || archive_write_open_fd(a, fd) != ARCHIVE_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if (copy_member(a, names[i], files[i], mtime) < 0)
			goto fail;
	if (archive_write_close(a) != ARCHIVE_OK)
		goto fail;
	archive_write_free(a);
	if (qk_atomic_commit(at) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, archive_error_string(a) != NULL ?
	    archive_error_string(a) : strerror(errno));
	archive_write_free(a);
	qk_atomic_abort(at);
	return -1;
}
