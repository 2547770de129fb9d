#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/relaxng.h>
#include <libxml/xmlreader.h>

#include "bagcheck.h"
#include "chain.h"
#include "input.h"
#include "map.h"
#include "node.h"
#include "output.h"
#include "records.h"

#define TAG_MAX (4 * 1024 * 1024)
#define BUF_SIZE (64 * 1024)
/* A chain-heads.txt line is as long as its case id: as a tag file. */
#define HEADS_LINE_MAX TAG_MAX

static const char bagit_expected[] =
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/* What one check found: the first offence, and how many there were. */
struct finding {
	char first[400];
	long count;
};

static void note(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void note(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	if (f->count++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(f->first, sizeof f->first, fmt, ap);
	va_end(ap);
}

/* A regular file of the package, kept as DIR/N. */
struct file {
	char *name;		/* as in the archive, "./" stripped */
	const char *rel;	/* inside the bag, or NULL when outside it */
	long long size;
	char hex[QK_HEX_LEN];
	int listed;		/* named by a manifest */
};

/* One parsed manifest. */
struct manifest {
	int present;
	struct qk_map *paths;	/* path -> index of its file + 2, or 1 when absent */
};

enum { SEC_ABSOLUTE, SEC_DOTDOT, SEC_LINK, SEC_SPECIAL, SEC_NAME, SEC_ENCRYPTED, NSEC };
enum { INT_BAGIT, INT_LINES, INT_UNIQUE, INT_SUMS, INT_LISTED, INT_COMPLETE,
	INT_OXUM, INT_TAGMANIFEST, INT_SEQ, INT_COUNT, NINT };
enum { AUT_CHAIN, AUT_HEADS, NAUT };
enum { USE_SCHEMA, USE_XML, NUSE };

struct check {
	char *dir;			/* the private folder */
	struct file *f;
	int n, cap;
	struct qk_map *names;		/* every entry name seen */
	char *top;			/* the bag's folder */
	struct qk_map *byrel;		/* bag path -> index + 1 */
	struct finding sec[NSEC], in[NINT], aut[NAUT], use[NUSE];
	/* bag-info.txt */
	int has_info, masked;
	struct qk_map *broken;
	const char *oxum, *count;
	char *info;
	/* chain-heads.txt */
	int heads_fd;
	struct qk_map *heads;		/* id -> (offset of its hashes) * 2 + 2, + 1 when seen */
	long cases;
	char buf[BUF_SIZE];
};

static char *file_path(const struct check *c, int i)
{
	char *p = malloc(strlen(c->dir) + 16);

	if (p != NULL)
		sprintf(p, "%s/%d", c->dir, i);
	return p;
}

/* Error handling of the archive: -1 with its message. */
static int archive_failed(struct archive *a, const char *package, char *err,
    size_t errlen)
{
	const char *m = archive_error_string(a);

	snprintf(err, errlen, "%s: %s", package, m != NULL ? m : "cannot read the archive");
	return -1;
}

static int has_dotdot(const char *s)
{
	for (;;) {
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return 1;
		s = strchr(s, '/');
		if (s == NULL)
			return 0;
		s++;
	}
}

/* Records the security faults of an entry; 1 when it is not to be kept. */
static int entry_refused(struct check *c, struct archive_entry *e, const char *name)
{
	int type = archive_entry_filetype(e), bad = 0;

	if (archive_entry_is_encrypted(e)) {
		note(&c->sec[SEC_ENCRYPTED], "%s: encrypted", name);
		bad = 1;
	}
	if (name[0] == '/') {
		note(&c->sec[SEC_ABSOLUTE], "%s: absolute path", name);
		bad = 1;
	}
	if (has_dotdot(name)) {
		note(&c->sec[SEC_DOTDOT], "%s: '..' in the path", name);
		bad = 1;
	}
	if (archive_entry_hardlink(e) != NULL || type == AE_IFLNK) {
		note(&c->sec[SEC_LINK], "%s: %s", name, type == AE_IFLNK ? "symbolic link" : "hard link");
		bad = 1;
	} else if (type != AE_IFREG && type != AE_IFDIR) {
		note(&c->sec[SEC_SPECIAL], "%s: special file", name);
		bad = 1;
	}
	if (strpbrk(name, "%\r\n") != NULL) {
		note(&c->sec[SEC_NAME], "%s: name with %%, CR or LF", name);
		bad = 1;
	}
	if (qk_map_get(c->names, name) != NULL) {
		note(&c->sec[SEC_NAME], "%s: name used twice", name);
		bad = 1;
	}
	return bad;
}

/* Copies the data of the current entry to DIR/N, hashing it. */
static int keep_file(struct check *c, struct archive *a, struct file *f, int i)
{
	struct qk_sha256 *h = qk_sha256_new();
	char *path = file_path(c, i);
	int fd = path != NULL ? open(path, O_WRONLY | O_CREAT | O_EXCL, 0600) : -1;
	ssize_t n;
	int r = 0;

	f->size = 0;
	while (h != NULL && fd >= 0 && (n = archive_read_data(a, c->buf, sizeof c->buf)) != 0) {
		if (n < 0) {
			r = -2;
			break;
		}
		if (qk_output_write_all(fd, c->buf, n) < 0) {
			r = -1;
			break;
		}
		qk_sha256_update(h, c->buf, n);
		f->size += n;
	}
	if (h == NULL || fd < 0)
		r = -1;
	if (h != NULL)
		qk_sha256_end(h, f->hex);
	if (fd >= 0 && close(fd) < 0 && r == 0)
		r = -1;
	free(path);
	return r;
}

static int add_file(struct check *c, const char *name)
{
	struct file *f;

	if (c->n == c->cap) {
		int cap = c->cap == 0 ? 16 : c->cap * 2;

		f = realloc(c->f, cap * sizeof *f);
		if (f == NULL)
			return -1;
		c->f = f;
		c->cap = cap;
	}
	f = &c->f[c->n];
	memset(f, 0, sizeof *f);
	if ((f->name = strdup(name)) == NULL)
		return -1;
	c->n++;
	return 0;
}

/* The entry's name: UTF-8 when libarchive can give it, else raw, "./"
 * dropped in front; "./" alone (the folder "tar -C DIR ." starts with)
 * is ".", a name like any other. */
static const char *entry_name(struct archive_entry *e)
{
	const char *s = archive_entry_pathname_utf8(e);

	if (s == NULL)
		s = archive_entry_pathname(e);
	if (s == NULL)
		return "";
	if (s[0] != '.' || s[1] != '/')
		return s;
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return *s != '\0' ? s : ".";
}

/* Reads every entry; regular files are kept.  0, or -1 (err). */
static int read_entries(struct check *c, const char *package, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	const char *name;
	int r;

	if (a == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	qk_input_formats(a, 0);	/* a package is an archive: no raw */
	if (strcmp(package, "-") == 0)
		r = archive_read_open_fd(a, 0, BUF_SIZE);
	else
		r = archive_read_open_filename(a, package, BUF_SIZE);
	if (r != ARCHIVE_OK)
		goto fail;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		name = entry_name(e);
		if (*name == '\0') {
			note(&c->sec[SEC_NAME], "an entry without a name");
			if (archive_read_data_skip(a) == ARCHIVE_FATAL)
				goto fail;
			continue;
		}
		if (entry_refused(c, e, name)) {
			if (qk_map_put(c->names, name, (void *)1) < 0)
				goto nomem;
			if (archive_read_data_skip(a) == ARCHIVE_FATAL)
				goto fail;
			continue;
		}
		if (qk_map_put(c->names, name, (void *)1) < 0)
			goto nomem;
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (add_file(c, name) < 0)
			goto nomem;
		r = keep_file(c, a, &c->f[c->n - 1], c->n - 1);
		if (r == -2)
			goto fail;
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", c->dir, strerror(errno));
			archive_read_free(a);
			return -1;
		}
	}
	if (r != ARCHIVE_EOF)
		goto fail;
	archive_read_free(a);
	return 0;
nomem:
	snprintf(err, errlen, "%s", strerror(ENOMEM));
	archive_read_free(a);
	return -1;
fail:
	archive_failed(a, package, err, errlen);
	archive_read_free(a);
	return -1;
}

/*
 * Names are UTF-8: in the C locale libarchive gives no name for a zip
 * member flagged UTF-8 that is not ASCII, and it keeps the charset it
 * first saw, so the whole archive is read under C.UTF-8 (this thread).
 */
static int extract(struct check *c, const char *package, char *err, size_t errlen)
{
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = utf8 != (locale_t)0 ? uselocale(utf8) : (locale_t)0;
	int r = read_entries(c, package, err, errlen);

	if (utf8 != (locale_t)0) {
		uselocale(old);
		freelocale(utf8);
	}
	return r;
}

/* The bag's folder: the X of an X/bagit.txt, else the first entry's. */
static int find_top(struct check *c)
{
	const char *pick = NULL, *s;
	size_t len;
	int i;

	for (i = 0; i < c->n && pick == NULL; i++) {
		s = strchr(c->f[i].name, '/');
		if (s != NULL && strcmp(s + 1, "bagit.txt") == 0)
			pick = c->f[i].name;
	}
	if (pick == NULL && c->n > 0)
		pick = c->f[0].name;
	if (pick == NULL)
		return 0;
	s = strchr(pick, '/');
	len = s != NULL ? (size_t)(s - pick) : strlen(pick);
	if ((c->top = strndup(pick, len)) == NULL)
		return -1;
	for (i = 0; i < c->n; i++) {
		const char *n = c->f[i].name;

		if (strncmp(n, c->top, len) == 0 && n[len] == '/' && n[len + 1] != '\0') {
			c->f[i].rel = n + len + 1;
			if (qk_map_put(c->byrel, c->f[i].rel, (void *)(uintptr_t)(i + 1)) < 0)
				return -1;
		}
	}
	return 0;
}

/* The index of the kept file at a bag path, or -1. */
static int file_at(const struct check *c, const char *rel)
{
	void *v = qk_map_get(c->byrel, rel);

	return v != NULL ? (int)((uintptr_t)v - 1) : -1;
}

/* A small file of the bag, whole, NUL-terminated: NULL when absent or
 * too large (*present says which). */
static char *slurp(struct check *c, const char *rel, size_t *len, int *present)
{
	int i = file_at(c, rel), fd;
	char *path, *text;

	*present = i >= 0;
	if (i < 0 || c->f[i].size > TAG_MAX)
		return NULL;
	if ((path = file_path(c, i)) == NULL)
		return NULL;
	fd = open(path, O_RDONLY);
	free(path);
	text = fd >= 0 ? malloc(c->f[i].size + 1) : NULL;
	if (text != NULL && read(fd, text, c->f[i].size) != c->f[i].size) {
		free(text);
		text = NULL;
	}
	if (fd >= 0)
		close(fd);
	if (text != NULL) {
		text[c->f[i].size] = '\0';
		*len = c->f[i].size;
	}
	return text;
}

static void check_bagit(struct check *c)
{
	size_t len = 0;
	int present;
	char *t = slurp(c, "bagit.txt", &len, &present);

	if (!present)
		note(&c->in[INT_BAGIT], "bagit.txt is missing");
	else if (t == NULL)
		note(&c->in[INT_BAGIT], "bagit.txt cannot be read");
	else if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		note(&c->in[INT_BAGIT], "bagit.txt starts with a byte order mark");
	else if (len != sizeof bagit_expected - 1 || memcmp(t, bagit_expected, len) != 0)
		note(&c->in[INT_BAGIT], "bagit.txt is not exactly 'BagIt-Version: 1.0' and "
		    "'Tag-File-Character-Encoding: UTF-8'");
	free(t);
}

/* A manifest path: relative, no empty, '.' or '..' part, no trailing '/'. */
static int path_ok(const char *p)
{
	const char *s = p;

	if (*p == '\0' || *p == '/')
		return 0;
	for (;;) {
		size_t n = strcspn(s, "/");

		if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return 0;
		if (s[n] == '\0')
			return 1;
		s += n + 1;
	}
}

static int is_hex64(const char *s)
{
	int i;

	for (i = 0; i < 64; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

static int same_hex(const char *a, const char *b)
{
	int i;

	for (i = 0; i < 64; i++) {
		char x = a[i] >= 'A' && a[i] <= 'F' ? a[i] - 'A' + 'a' : a[i];

		if (x != b[i])
			return 0;
	}
	return 1;
}

/* One manifest line: parse, uniqueness, existence and checksum. */
static int manifest_line(struct check *c, struct manifest *m, const char *file,
    long lineno, char *line, int payload)
{
	char *path;
	int i;

	if (strlen(line) < 66 || !is_hex64(line) || (line[64] != ' ' && line[64] != '\t')) {
		note(&c->in[INT_LINES], "%s:%ld: not 'CHECKSUM  PATH'", file, lineno);
		return 0;
	}
	path = line + 64 + strspn(line + 64, " \t");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!path_ok(path) || (strncmp(path, "data/", 5) == 0) != payload) {
		note(&c->in[INT_LINES], "%s:%ld: '%s' is not a %s path", file, lineno, path,
		    payload ? "payload" : "tag file");
		return 0;
	}
	if (qk_map_get(m->paths, path) != NULL) {
		note(&c->in[INT_UNIQUE], "%s:%ld: '%s' is listed twice", file, lineno, path);
		return 0;
	}
	i = file_at(c, path);
	if (qk_map_put(m->paths, path, (void *)(uintptr_t)(i + 2)) < 0)
		return -1;
	if (i < 0) {
		note(&c->in[INT_COMPLETE], "%s:%ld: '%s' is not in the package", file, lineno, path);
		return 0;
	}
	c->f[i].listed = 1;
	if (!same_hex(line, c->f[i].hex))
		note(&c->in[INT_SUMS], "%s: checksum does not match (%s)", path, file);
	return 0;
}

static int read_manifest(struct check *c, struct manifest *m, const char *file,
    int payload)
{
	size_t len = 0;
	char *t = slurp(c, file, &len, &m->present), *line, *end;
	long lineno = 0;
	int r = 0;

	if ((m->paths = qk_map_new()) == NULL)
		return -1;
	if (!m->present) {
		if (payload)
			note(&c->in[INT_LINES], "%s is missing", file);
		return 0;
	}
	if (t == NULL) {
		note(&c->in[INT_LINES], "%s cannot be read", file);
		return 0;
	}
	for (line = t; r == 0 && line < t + len; line = end + 1) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = t + len;
		*end = '\0';
		lineno++;
		if (strlen(line) != (size_t)(end - line)) {
			note(&c->in[INT_LINES], "%s:%ld: NUL byte", file, lineno);
			continue;
		}
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		r = manifest_line(c, m, file, lineno, line, payload);
	}
	free(t);
	return r;
}

/* bag-info.txt: the labels --verify needs (a label given twice: the
 * first; QK-Broken-Case: every one). */
static int read_info(struct check *c)
{
	size_t len = 0;
	char *line, *end, *v;

	c->info = slurp(c, "bag-info.txt", &len, &c->has_info);
	if ((c->broken = qk_map_new()) == NULL)
		return -1;
	if (c->info == NULL)
		return 0;
	for (line = c->info; line < c->info + len; line = end + 1) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = c->info + len;
		*end = '\0';
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if ((v = strchr(line, ':')) == NULL)
			continue;
		*v++ = '\0';
		v += strspn(v, " \t");
		if (strcmp(line, "Payload-Oxum") == 0 && c->oxum == NULL)
			c->oxum = v;
		else if (strcmp(line, "QK-Case-Count") == 0 && c->count == NULL)
			c->count = v;
		else if (strcmp(line, "QK-Masked") == 0)
			c->masked = strcmp(v, "yes") == 0;
		else if (strcmp(line, "QK-Broken-Case") == 0 &&
		    qk_map_put(c->broken, v, (void *)1) < 0)
			return -1;
	}
	return 0;
}

static void check_oxum(struct check *c)
{
	long long bytes = 0, files = 0;
	char want[64];
	int i;

	for (i = 0; i < c->n; i++)
		if (c->f[i].rel != NULL && strncmp(c->f[i].rel, "data/", 5) == 0) {
			bytes += c->f[i].size;
			files++;
		}
	snprintf(want, sizeof want, "%lld.%lld", bytes, files);
	if (!c->has_info)
		note(&c->in[INT_OXUM], "bag-info.txt is missing");
	else if (c->oxum == NULL)
		note(&c->in[INT_OXUM], "bag-info.txt has no Payload-Oxum");
	else if (strcmp(c->oxum, want) != 0)
		note(&c->in[INT_OXUM], "Payload-Oxum is %s, the payload is %s", c->oxum, want);
}

static void check_tagmanifest(struct check *c, const struct manifest *tm)
{
	static const char *const tags[] = { "bagit.txt", "bag-info.txt", "manifest-sha256.txt" };
	int i;

	if (!tm->present) {
		note(&c->in[INT_TAGMANIFEST], "tagmanifest-sha256.txt is missing");
		return;
	}
	for (i = 0; i < 3; i++)
		if (qk_map_get(tm->paths, tags[i]) == NULL)
			note(&c->in[INT_TAGMANIFEST], "tagmanifest-sha256.txt does not list %s", tags[i]);
}

/* Every file is a payload file of the manifest, or a tag file: the four
 * of the layout, or one the tag manifest lists. */
static void check_listed(struct check *c)
{
	static const char *const own[] = { "bagit.txt", "bag-info.txt",
	    "manifest-sha256.txt", "tagmanifest-sha256.txt" };
	int i, k;

	for (i = 0; i < c->n; i++) {
		const struct file *f = &c->f[i];

		if (f->rel == NULL) {
			note(&c->in[INT_LISTED], "%s: outside the bag's folder %s", f->name,
			    c->top != NULL ? c->top : "");
			continue;
		}
		if (f->listed)
			continue;
		for (k = 0; k < 4 && strcmp(f->rel, own[k]) != 0; k++)
			;
		if (k == 4)
			note(&c->in[INT_LISTED], "%s: in no manifest", f->rel);
	}
}

/* fetch.txt: a qk package holds every file, so each line must name a
 * payload file that is present and in the manifest. */
static void check_fetch(struct check *c, const struct manifest *m)
{
	size_t len = 0;
	int present;
	char *t = slurp(c, "fetch.txt", &len, &present), *line, *end, *p;
	long lineno = 0;

	if (!present)
		return;
	if (t == NULL) {
		note(&c->in[INT_COMPLETE], "fetch.txt cannot be read");
		return;
	}
	for (line = t; line < t + len; line = end + 1) {
		end = strchr(line, '\n');
		if (end == NULL)
			end = t + len;
		*end = '\0';
		lineno++;
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		p = strchr(line, ' ');
		p = p != NULL ? strchr(p + 1, ' ') : NULL;
		if (p == NULL || !path_ok(p + 1) || strncmp(p + 1, "data/", 5) != 0) {
			note(&c->in[INT_COMPLETE], "fetch.txt:%ld: names no payload path", lineno);
			continue;
		}
		if (file_at(c, p + 1) < 0 || qk_map_get(m->paths, p + 1) == NULL)
			note(&c->in[INT_COMPLETE], "fetch.txt:%ld: '%s' is to be fetched: not in the package",
			    lineno, p + 1);
	}
	free(t);
}

static void check_count(struct check *c)
{
	char n[32];

	snprintf(n, sizeof n, "%ld", c->cases);
	if (!c->has_info)
		note(&c->in[INT_COUNT], "bag-info.txt is missing");
	else if (c->count == NULL)
		note(&c->in[INT_COUNT], "bag-info.txt has no QK-Case-Count");
	else if (strcmp(c->count, n) != 0)
		note(&c->in[INT_COUNT], "QK-Case-Count is %s, the package holds %ld cases", c->count, c->cases);
}

/* The space before the hashes of a chain-heads.txt line, found from its
 * end: the hashes have a fixed length, and an id may hold a space. */
static char *heads_space(const struct check *c, char *line)
{
	size_t len = strlen(line), want = c->masked ? 130 : 65;

	return len > want + 1 && line[len - want - 1] == ' ' ? line + len - want - 1 : NULL;
}

/* A line of chain-heads.txt: "ID SP H LF", or "ID SP H0 SP H LF" when
 * masked; the offset of its hashes is indexed by id. */
static int head_line(struct check *c, char *line, long long start, long lineno)
{
	size_t want = c->masked ? 130 : 65;
	char *sp = heads_space(c, line);
	int ok = sp != NULL;

	if (ok) {
		sp[want] = '\0';	/* the LF */
		sp[65] = '\0';
		ok = qk_chain_is_hash(sp + 1) && (want == 65 || qk_chain_is_hash(sp + 66));
	}
	if (!ok) {
		note(&c->aut[AUT_HEADS], "chain-heads.txt:%ld: not 'ID %s'", lineno,
		    c->masked ? "H0 H" : "H");
		return 0;
	}
	*sp = '\0';
	if (qk_map_get(c->heads, line) != NULL) {
		note(&c->aut[AUT_HEADS], "chain-heads.txt:%ld: %s named twice", lineno, line);
		return 0;
	}
	return qk_map_put(c->heads, line,
	    (void *)(uintptr_t)((start + (sp + 1 - line)) * 2 + 2));
}

static int index_heads(struct check *c)
{
	int i = file_at(c, "data/chain-heads.txt");
	long lineno = 0;
	long long start;
	char *line, *path;
	FILE *f;

	if ((c->heads = qk_map_new()) == NULL)
		return -1;
	if (i < 0) {
		note(&c->aut[AUT_HEADS], "data/chain-heads.txt is missing");
		return 0;
	}
	if ((path = file_path(c, i)) == NULL)
		return -1;
	c->heads_fd = open(path, O_RDONLY);
	f = c->heads_fd >= 0 ? fopen(path, "r") : NULL;
	free(path);
	if (f == NULL || (line = malloc(HEADS_LINE_MAX)) == NULL) {
		if (f != NULL)
			fclose(f);
		return -1;
	}
	while ((start = ftello(f)) >= 0 && fgets(line, HEADS_LINE_MAX, f) != NULL) {
		size_t len = strlen(line);

		lineno++;
		if (len == 0 || line[len - 1] != '\n') {
			note(&c->aut[AUT_HEADS], "chain-heads.txt:%ld: not a line of 'ID H'", lineno);
			while (len > 0 && line[len - 1] != '\n' && fgets(line, HEADS_LINE_MAX, f) != NULL)
				len = strlen(line);
			continue;
		}
		if (head_line(c, line, start, lineno) < 0) {
			free(line);
			fclose(f);
			return -1;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

/* The hashes chain-heads.txt gives a case (h0 first when masked), or
 * NULL; the line is marked as used. */
static const char *heads_of(struct check *c, const char *id, char out[131])
{
	uintptr_t v = (uintptr_t)qk_map_get(c->heads, id);
	size_t want = c->masked ? 129 : 64;

	if (v == 0 || c->heads_fd < 0)
		return NULL;
	if ((v & 1) == 0)
		qk_map_put(c->heads, id, (void *)(v + 1));
	if (pread(c->heads_fd, out, want, (off_t)((v - 2) / 2)) != (ssize_t)want)
		return NULL;
	out[64] = '\0';
	out[want] = '\0';
	return out;
}

/* seq numbers 1, 2, 3 … in document order. */
static int seq_ok(const struct qk_node *casenode)
{
	const struct qk_node *e;
	char want[24];
	long n = 0;

	for (e = qk_child(casenode, QK_event); e != NULL; e = qk_next(e, QK_event)) {
		const char *s = qk_get_raw(e, QK_seq);

		snprintf(want, sizeof want, "%ld", ++n);
		if (s == NULL || strcmp(s, want) != 0)
			return 0;
	}
	return 1;
}

/* The h written on a case's last event, or NULL when it has none. */
static const char *written_last(const struct qk_node *casenode)
{
	const struct qk_node *e, *last = NULL;

	for (e = qk_child(casenode, QK_event); e != NULL; e = qk_next(e, QK_event))
		last = e;
	return last != NULL ? qk_get_raw(last, QK_h) : NULL;
}

struct casefile {
	struct check *c;
	const char *rel;
};

static void chain_and_heads(struct check *c, const struct qk_node *k, const char *id)
{
	char heads[131], last[QK_HEX_LEN];
	const char *hh, *w;
	int bad;

	if (((uintptr_t)qk_map_get(c->heads, id) & 1) != 0)
		note(&c->aut[AUT_HEADS], "%s: packed twice", id);
	hh = heads_of(c, id, heads);
	if (hh == NULL)
		note(&c->aut[AUT_HEADS], "%s: not in chain-heads.txt", id);
	if (c->masked && hh == NULL) {
		note(&c->aut[AUT_CHAIN], "%s: no h0 recorded for a masked case", id);
		return;
	}
	bad = qk_chain_verify(k, c->masked ? hh : NULL, last);
	if (bad >= 0)
		note(&c->aut[AUT_CHAIN], "%s: event %d does not match its h", id, bad + 1);
	else if (qk_map_get(c->broken, id) != NULL)
		note(&c->aut[AUT_CHAIN], "%s: listed as QK-Broken-Case", id);
	w = written_last(k);
	if (w == NULL && qk_child(k, QK_event) == NULL)
		w = last;
	if (hh != NULL && (w == NULL || strcmp(w, c->masked ? hh + 65 : hh) != 0))
		note(&c->aut[AUT_HEADS], "%s: its last h is not the one of chain-heads.txt", id);
}

static int on_case(void *arg, struct qk_node *k)
{
	struct casefile *cf = arg;
	struct check *c = cf->c;
	const char *id = qk_get(k, QK_id);

	c->cases++;
	if (!seq_ok(k))
		note(&c->in[INT_SEQ], "%s: seq numbers are not 1, 2, 3...", id != NULL ? id : cf->rel);
	if (id == NULL || qk_child(k, QK_application) == NULL) {
		note(&c->aut[AUT_CHAIN], "%s:%ld: case record malformed", cf->rel, k->line);
		return 0;
	}
	chain_and_heads(c, k, id);
	return 0;
}

/* Reads the cases of one data/cases file with the record reader. */
static int read_cases(struct check *c, int i)
{
	struct casefile cf = { c, c->f[i].rel };
	char *path = file_path(c, i);
	const char *paths[1];
	struct qk_input *in;
	struct qk_reader *r;
	int rc = 0;

	if (path == NULL)
		return -1;
	paths[0] = path;
	in = qk_input_new(paths, 1, 0);
	r = in != NULL ? qk_reader_new(in, "cases", "case") : NULL;
	if (r == NULL) {
		rc = -1;
	} else if (qk_reader_run(r, on_case, &cf) != 0) {
		const char *file;
		long line, col;
		const char *msg = qk_reader_error(r, &file, &line, &col);

		note(&c->aut[AUT_CHAIN], "%s:%ld: cannot be read: %s", cf.rel, line, msg);
		note(&c->use[USE_SCHEMA], "%s:%ld: %s", cf.rel, line, msg);
	}
	qk_reader_free(r);
	qk_input_free(in);
	free(path);
	return rc;
}

/* Lines of chain-heads.txt whose case is not in the package. */
static void unused_heads(struct check *c)
{
	int i = file_at(c, "data/chain-heads.txt");
	char *line, *path, *sp;
	FILE *f;

	if (i < 0 || (path = file_path(c, i)) == NULL)
		return;
	f = fopen(path, "r");
	free(path);
	if ((line = malloc(HEADS_LINE_MAX)) == NULL) {
		if (f != NULL)
			fclose(f);
		return;
	}
	while (f != NULL && fgets(line, HEADS_LINE_MAX, f) != NULL) {
		if ((sp = heads_space(c, line)) == NULL)
			continue;
		*sp = '\0';
		if (((uintptr_t)qk_map_get(c->heads, line) & 1) == 0 &&
		    qk_map_get(c->heads, line) != NULL)
			note(&c->aut[AUT_HEADS], "%s: named in chain-heads.txt, not packed", line);
	}
	free(line);
	if (f != NULL)
		fclose(f);
}

/* The read callback of libxml2 over a kept file. */
static int read_fd(void *ctx, char *buf, int len)
{
	ssize_t n = read(*(int *)ctx, buf, len);

	return n < 0 ? -1 : (int)n;
}

struct xmlerr {
	char msg[300];
	long line;
	int n;
};

static void xml_error(void *arg, xmlErrorPtr e)
{
	struct xmlerr *x = arg;

	if (e == NULL || e->level < XML_ERR_ERROR || x->n++ > 0)
		return;
	snprintf(x->msg, sizeof x->msg, "%s", e->message != NULL ? e->message : "error");
	x->msg[strcspn(x->msg, "\n")] = '\0';
	x->line = e->line;
}

/* A document with the attributes of the reader's current element as its
 * root, for validating its records one at a time. */
static xmlDocPtr root_copy(xmlTextReaderPtr rd)
{
	xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = d != NULL ? xmlNewDocNode(d, NULL, xmlTextReaderConstName(rd), NULL) : NULL;

	if (root == NULL) {
		xmlFreeDoc(d);
		return NULL;
	}
	xmlDocSetRootElement(d, root);
	while (xmlTextReaderMoveToNextAttribute(rd) == 1)
		xmlNewProp(root, xmlTextReaderConstName(rd), xmlTextReaderConstValue(rd));
	xmlTextReaderMoveToElement(rd);
	return d;
}

/* Validates one record (the reader's current element at depth 1) as the
 * only child of the root: memory stays that of one record, where libxml2
 * would otherwise expand the whole document (cases.rng is not streamable). */
static int validate_record(xmlTextReaderPtr rd, xmlDocPtr d,
    xmlRelaxNGValidCtxtPtr vc)
{
	xmlNodePtr n = xmlTextReaderExpand(rd), copy;
	int r;

	if (n == NULL || (copy = xmlDocCopyNode(n, d, 1)) == NULL)
		return -1;
	xmlAddChild(xmlDocGetRootElement(d), copy);
	r = xmlRelaxNGValidateDoc(vc, d);
	xmlUnlinkNode(copy);
	xmlFreeNode(copy);
	return r == 0 ? 0 : -1;
}

/* Reads a kept file; with vc, validates each record and the root against
 * the schema.  0 when it is well-formed (and valid), else -1 with the
 * first error in x. */
static int check_file(struct check *c, int i, xmlRelaxNGValidCtxtPtr vc,
    struct xmlerr *x)
{
	char *path = file_path(c, i);
	int fd = path != NULL ? open(path, O_RDONLY) : -1, r, records = 0;
	xmlTextReaderPtr rd;
	xmlDocPtr d = NULL;

	free(path);
	memset(x, 0, sizeof *x);
	if (fd < 0) {
		snprintf(x->msg, sizeof x->msg, "%s", strerror(errno));
		return -1;
	}
	rd = xmlReaderForIO(read_fd, NULL, &fd, c->f[i].rel, NULL,
	    XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (rd != NULL)
		xmlTextReaderSetStructuredErrorHandler(rd, xml_error, x);
	r = rd != NULL ? xmlTextReaderRead(rd) : -1;
	while (r == 1 && x->n == 0) {
		int depth = xmlTextReaderDepth(rd), type = xmlTextReaderNodeType(rd);

		/* The records are validated one by one: text beside them, which
		 * the schema does not allow either, is checked here. */
		if (vc != NULL && depth == 1 && (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_CDATA)) {
			const char *t = (const char *)xmlTextReaderConstValue(rd);

			/* libxml2 gives a text the line where it ends */
			x->line = xmlGetLineNo(xmlTextReaderCurrentNode(rd));
			for (; t != NULL && *t != '\0'; t++)
				x->line -= *t == '\n';
			x->n++;
			snprintf(x->msg, sizeof x->msg, "text beside the records: not valid against cases.rng");
			break;
		}
		if (type != XML_READER_TYPE_ELEMENT || vc == NULL || depth > 1) {
			r = xmlTextReaderRead(rd);
			continue;
		}
		if (depth == 0 && d == NULL && (d = root_copy(rd)) == NULL)
			break;
		if (depth == 0) {
			r = xmlTextReaderRead(rd);
			continue;
		}
		records++;
		if (validate_record(rd, d, vc) < 0 && x->n++ == 0)
			snprintf(x->msg, sizeof x->msg, "not valid against cases.rng");
		r = xmlTextReaderNext(rd);
	}
	if (r < 0 && x->n++ == 0)
		snprintf(x->msg, sizeof x->msg, "not well-formed");
	if (r == 0 && x->n == 0 && vc != NULL && (d == NULL ||
	    (records == 0 && xmlRelaxNGValidateDoc(vc, d) != 0)) && x->n++ == 0)
		snprintf(x->msg, sizeof x->msg, "not valid against cases.rng");
	xmlFreeDoc(d);
	xmlFreeTextReader(rd);
	close(fd);
	return x->n == 0 ? 0 : -1;
}

static int ends_xml(const char *s)
{
	size_t n = strlen(s);

	return n >= 4 && strcasecmp(s + n - 4, ".xml") == 0;
}

static int check_xml(struct check *c, xmlRelaxNGPtr schema)
{
	xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
	struct xmlerr x;
	int i;

	if (vc == NULL)
		return -1;
	xmlRelaxNGSetValidStructuredErrors(vc, xml_error, &x);
	for (i = 0; i < c->n; i++) {
		const char *rel = c->f[i].rel;

		if (rel == NULL || strncmp(rel, "data/", 5) != 0)
			continue;
		if (strncmp(rel, "data/cases/", 11) == 0) {
			if (check_file(c, i, vc, &x) < 0)
				note(&c->use[USE_SCHEMA], "%s:%ld: %s", rel, x.line, x.msg);
		} else if (ends_xml(rel) && check_file(c, i, NULL, &x) < 0) {
			note(&c->use[USE_XML], "%s:%ld: %s", rel, x.line, x.msg);
		}
	}
	xmlRelaxNGFreeValidCtxt(vc);
	return 0;
}

static xmlRelaxNGPtr load_schema(const char *path, char *err, size_t errlen)
{
	xmlRelaxNGParserCtxtPtr pc = NULL;
	xmlRelaxNGPtr s = NULL;
	struct stat st;
	char *text = NULL;
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size < TAG_MAX &&
	    (text = malloc(st.st_size + 1)) != NULL &&
	    read(fd, text, st.st_size) == st.st_size &&
	    (pc = xmlRelaxNGNewMemParserCtxt(text, (int)st.st_size)) != NULL)
		s = xmlRelaxNGParse(pc);
	if (s == NULL)
		snprintf(err, errlen, "%s: cannot load the schema", path);
	xmlRelaxNGFreeParserCtxt(pc);
	free(text);
	if (fd >= 0)
		close(fd);
	return s;
}

static const char *const aut_names[NAUT] = { "chain", "chain-heads" };
static const char *const int_names[NINT] = { "bagit.txt", "manifest-lines",
    "manifest-unique", "checksums", "listed", "complete", "payload-oxum",
    "tagmanifest", "seq", "case-count" };
static const char *const use_names[NUSE] = { "cases-schema", "xml-well-formed" };
static const char *const sec_names[NSEC] = { "absolute-paths", "dot-dot",
    "links", "special-files", "names", "encryption" };

/* A detail on one line: control characters and bytes that are not
 * UTF-8 written \xHH. */
static void escape(const char *s, char *out, size_t outlen)
{
	char tmp[1200];
	size_t k = 0;

	qk_input_escape(s, tmp, sizeof tmp);
	for (s = tmp; *s != '\0' && k + 5 < outlen; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			k += snprintf(out + k, outlen - k, "\\x%02X", (unsigned char)*s);
		else
			out[k++] = *s;
	}
	out[k] = '\0';
}

/* Reports a group; 1 when one of its checks failed. */
static int report_group(const struct qk_bagcheck_report *rep, const char *group,
    const char *const *names, const struct finding *f, int n)
{
	char detail[600], safe[600];
	int i, failed = 0;

	for (i = 0; i < n; i++) {
		if (f[i].count == 0) {
			rep->fn(rep->arg, group, names[i], NULL);
			continue;
		}
		failed = 1;
		if (f[i].count > 1)
			snprintf(detail, sizeof detail, "%s (and %ld more)", f[i].first, f[i].count - 1);
		else
			snprintf(detail, sizeof detail, "%s", f[i].first);
		escape(detail, safe, sizeof safe);
		rep->fn(rep->arg, group, names[i], safe);
	}
	return failed;
}

static void check_free(struct check *c)
{
	int i;

	for (i = 0; i < c->n; i++) {
		char *p = file_path(c, i);

		if (p != NULL)
			unlink(p);
		free(p);
		free(c->f[i].name);
	}
	if (c->dir != NULL)
		rmdir(c->dir);
	if (c->heads_fd >= 0)
		close(c->heads_fd);
	free(c->dir);
	free(c->f);
	free(c->top);
	free(c->info);
	qk_map_free(c->names);
	qk_map_free(c->byrel);
	qk_map_free(c->broken);
	qk_map_free(c->heads);
}

static int make_dir(struct check *c, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if ((c->dir = malloc(strlen(tmp) + 24)) == NULL)
		return -1;
	sprintf(c->dir, "%s/qk-verify-XXXXXX", tmp);
	if (mkdtemp(c->dir) == NULL) {
		snprintf(err, errlen, "%s: %s", c->dir, strerror(errno));
		free(c->dir);
		c->dir = NULL;
		return -1;
	}
	return 0;
}

/* Every check but the security ones, which extraction made. */
static int run_checks(struct check *c, xmlRelaxNGPtr schema)
{
	struct manifest m = { 0, NULL }, tm = { 0, NULL };
	int i, r = -1;

	if (find_top(c) < 0 || read_info(c) < 0)
		goto done;
	check_bagit(c);
	if (read_manifest(c, &m, "manifest-sha256.txt", 1) < 0 ||
	    read_manifest(c, &tm, "tagmanifest-sha256.txt", 0) < 0)
		goto done;
	check_listed(c);
	check_fetch(c, &m);
	check_oxum(c);
	check_tagmanifest(c, &tm);
	if (index_heads(c) < 0)
		goto done;
	for (i = 0; i < c->n; i++)
		if (c->f[i].rel != NULL && strncmp(c->f[i].rel, "data/cases/", 11) == 0 &&
		    read_cases(c, i) < 0)
			goto done;
	unused_heads(c);
	check_count(c);
	if (check_xml(c, schema) < 0)
		goto done;
	r = 0;
done:
	qk_map_free(m.paths);
	qk_map_free(tm.paths);
	return r;
}

int qk_bagcheck_run(const char *package, const char *schema_path,
    const struct qk_bagcheck_report *rep, char *err, size_t errlen)
{
	struct check *c = calloc(1, sizeof *c);
	xmlRelaxNGPtr schema = NULL;
	int r = -1;

	if (c == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	c->heads_fd = -1;
	qk_xml_init();
	c->names = qk_map_new();
	c->byrel = qk_map_new();
	if (c->names == NULL || c->byrel == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto done;
	}
	if ((schema = load_schema(schema_path, err, errlen)) == NULL ||
	    make_dir(c, err, errlen) < 0 || extract(c, package, err, errlen) < 0)
		goto done;
	if (run_checks(c, schema) < 0) {
		snprintf(err, errlen, "%s", strerror(errno != 0 ? errno : ENOMEM));
		goto done;
	}
	r = report_group(rep, "authenticity", aut_names, c->aut, NAUT);
	r |= report_group(rep, "integrity", int_names, c->in, NINT);
	r |= report_group(rep, "usability", use_names, c->use, NUSE);
	r |= report_group(rep, "security", sec_names, c->sec, NSEC);
done:
	xmlRelaxNGFree(schema);
	check_free(c);
	free(c);
	return r;
}
