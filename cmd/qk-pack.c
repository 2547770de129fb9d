/* qk-pack: a deterministic, self-verifying BagIt package of cases. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bag.h"
#include "bagcheck.h"
#include "catalog.h"
#include "cli.h"
#include "data.h"
#include "date.h"
#include "idset.h"
#include "input.h"
#include "msg.h"
#include "node.h"
#include "pack.h"
#include "records.h"

enum { OPT_ADD = QK_OPT_TOOL, OPT_ALLOW_BROKEN, OPT_DATE, OPT_MASK, OPT_NAME,
	OPT_VERIFY };

static const struct option longopts[] = {
	QK_COMMON_LONGOPTS,
	{ "add", required_argument, NULL, OPT_ADD },
	{ "allow-broken", no_argument, NULL, OPT_ALLOW_BROKEN },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "mask", no_argument, NULL, OPT_MASK },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "verify", required_argument, NULL, OPT_VERIFY },
	{ NULL, 0, NULL, 0 }
};

struct run {
	struct qk_common opt;
	struct qk_bag *bag;
	struct qk_reader *reader;
	struct qk_idset *ids;
	long read, packed, refused;
};

static _Noreturn void usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: qk-pack -o PACKAGE [--name NAME] [--date DATE] [--add FILE]...\n"
	    "               [--allow-broken] [--mask] [-q] [-v] [--catalog FILE]\n"
	    "               [--roster FILE] [--calendar FILE]... [--as-of DATE]\n"
	    "               [--at TIME] [--max-record N] [CASES...]\n"
	    "       qk-pack --verify PACKAGE\n");
	if (status == 0)
		qk_exit_written();
	exit(status);
}

static void report_line(void *arg, const char *group, const char *check,
    const char *detail)
{
	(void)arg;
	if (detail == NULL)
		printf("ok %s: %s\n", group, check);
	else
		printf("FAIL %s: %s: %s\n", group, check, detail);
}

static _Noreturn void verify(const char *package)
{
	struct qk_bagcheck_report rep = { report_line, NULL };
	char err[1024], *schema = qk_data_file("schema/cases.rng");
	int r;

	if (schema == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	r = qk_bagcheck_run(package, schema, &rep, err, sizeof err);
	free(schema);
	if (r < 0)
		qk_error("%s", err);
	if (fflush(stdout) != 0 && r >= 0)
		r = -1;
	exit(r < 0 ? 2 : r);
}

/* The part of a path after its last '/'. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* --add names must be usable as data/extra/BASENAME, once each. */
static void check_adds(char **add, int nadd)
{
	int i, j;

	for (i = 0; i < nadd; i++) {
		const char *b = base_name(add[i]);

		if (*b == '\0' || strcmp(b, ".") == 0 || strcmp(b, "..") == 0 ||
		    strpbrk(b, "%\r\n") != NULL) {
			qk_error("invalid --add '%s': no usable file name", add[i]);
			usage(2);
		}
		for (j = 0; j < i; j++)
			if (strcmp(b, base_name(add[j])) == 0) {
				qk_error("--add '%s' and '%s' have one base name", add[j], add[i]);
				usage(2);
			}
	}
}

/* --date, else the UTC date of SOURCE_DATE_EPOCH, else today. */
static long package_day(struct qk_common *c, const char *date)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long day;
	char *end;
	long long t;

	if (date != NULL)
		return qk_date_parse(date, &day) == 0 ? day : -1;
	if (sde != NULL && *sde != '\0') {
		errno = 0;
		t = strtoll(sde, &end, 10);
		if (errno != 0 || *end != '\0' || t < 0 || sde[0] < '0' || sde[0] > '9')
			qk_die(2, "invalid SOURCE_DATE_EPOCH '%s': expected seconds since 1970", sde);
		return (long)(t / 86400);
	}
	qk_common_dates(c);
	return c->as_of;
}

static int on_case(void *arg, struct qk_node *c)
{
	struct run *run = arg;
	const char *id = qk_get(c, QK_id), *why = NULL;
	const char *doc = qk_reader_doc(run->reader);
	char err[600];
	int r;

	run->read++;
	qk_common_progress(&run->opt, run->read, "cases");
	if (id != NULL && qk_idset_add(run->ids, id) == 0) {
		qk_error_at(doc, c->line, 0, "case id '%s' appears twice in the input", id);
		run->refused++;
		return 0;
	}
	r = qk_bag_add_case(run->bag, c, &why, err, sizeof err);
	if (r < 0) {
		qk_error("%s", err);
		return 2;
	}
	if (r == QK_BAG_REFUSED) {
		qk_error_at(doc, c->line, 0, "case%s%s cannot be packed: %s",
		    id != NULL ? " " : "", id != NULL ? id : "", why);
		run->refused++;
	} else if (r == QK_BAG_BROKEN && qk_bag_allows_broken(run->bag)) {
		qk_warn_at(doc, c->line, 0, "case %s: chain does not verify; packed as broken", id);
		run->packed++;
	} else if (r == QK_BAG_BROKEN) {
		qk_error_at(doc, c->line, 0, "case %s: chain does not verify", id);
		run->refused++;
	} else {
		run->packed++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	struct qk_bag_opts bo = { 0 };
	const char *date = NULL, *name = NULL, *verify_path = NULL;
	char **add = NULL, datebuf[11], namebuf[16], err[600];
	int nadd = 0, c, r, i;
	struct qk_input *in;
	long day;

	qk_common_init(&run.opt, argc, argv, usage);
	while ((c = getopt_long(argc, argv, QK_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (qk_common_option(&run.opt, c, optarg))
			continue;
		switch (c) {
		case OPT_ADD:
			add = qk_xrealloc(add, (nadd + 1) * sizeof *add);
			add[nadd++] = optarg;
			break;
		case OPT_ALLOW_BROKEN:
			bo.allow_broken = 1;
			break;
		case OPT_DATE:
			if (qk_date_parse(optarg, &day) < 0) {
				qk_error("invalid --date '%s': expected YYYY-MM-DD", optarg);
				usage(2);
			}
			date = optarg;
			break;
		case OPT_MASK:
			bo.mask = 1;
			break;
		case OPT_NAME:
			if (!qk_bag_name_ok(optarg)) {
				qk_error("invalid --name '%s': expected 1 to 64 of A-Z a-z 0-9 . _ -", optarg);
				usage(2);
			}
			name = optarg;
			break;
		case OPT_VERIFY:
			verify_path = optarg;
			break;
		default:
			usage(2);
		}
	}
	if (verify_path != NULL) {
		if (run.opt.output != NULL || optind < argc || nadd > 0) {
			qk_error("--verify takes one package and no -o, --add or cases");
			usage(2);
		}
		verify(verify_path);
	}
	if (run.opt.output == NULL) {
		qk_error("no package named: -o PACKAGE is required");
		usage(2);
	}
	if (!qk_pack_is_archive(run.opt.output)) {
		qk_error("invalid -o '%s': expected a name ending in .tar, .tar.gz, .tgz, "
		    ".tar.xz, .tar.zst or .zip", run.opt.output);
		usage(2);
	}
	check_adds(add, nadd);
	day = package_day(&run.opt, date);
	qk_date_format(day, datebuf);
	snprintf(namebuf, sizeof namebuf, "qk-%s", datebuf);
	bo.name = name != NULL ? name : namebuf;
	bo.date = datebuf;
	bo.mtime = (long long)day * 86400;
	qk_common_load(&run.opt, QK_NEED_CATALOG);
	bo.org = qk_get_raw(qk_catalog_root(run.opt.catalog), QK_name);
	if ((run.ids = qk_idset_new()) == NULL)
		qk_die(2, "%s", strerror(ENOMEM));
	if ((run.bag = qk_bag_new(run.opt.output, &bo, err, sizeof err)) == NULL)
		qk_die(2, "%s", err);
	for (i = 0; i < nadd; i++)
		if (qk_bag_add_file(run.bag, add[i], err, sizeof err) < 0) {
			qk_bag_free(run.bag);
			qk_die(2, "%s", err);
		}
	run.reader = qk_common_reader(&run.opt, &in, (const char *const *)argv + optind,
	    argc - optind, "cases", "case");
	r = qk_reader_run(run.reader, on_case, &run);
	if (r == -1)
		qk_report_input_error(run.reader);
	if (r == 0 && run.refused > 0)
		r = 1;
	if (r == 0 && qk_bag_write(run.bag, err, sizeof err) < 0) {
		qk_error("%s", err);
		r = 2;
	}
	qk_bag_free(run.bag);
	if (r != 0 && r != 1)
		exit(2);
	if (run.opt.verbose)
		qk_note("%ld read, %ld written, %ld rejected", run.read,
		    r == 0 ? run.packed : 0, run.refused);
	qk_reader_free(run.reader);
	qk_input_free(in);
	qk_idset_free(run.ids);
	free(add);
	qk_common_free(&run.opt);
	return r;
}
