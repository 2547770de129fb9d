#ifndef QK_BAGCHECK_H
#define QK_BAGCHECK_H

#include <stddef.h>

/*
 * qk-pack --verify (tools.md): reads a package of any name and kind
 * (recognised by content, with the explicit filter and format list of
 * libraries.md), keeps its files in a private temporary folder under
 * numbered names (no path of the archive is ever used on disk), and runs
 * the checks of the four groups, in this order: authenticity, integrity,
 * usability, security.  Each check is reported once through report(),
 * detail NULL when it holds.
 */
struct qk_bagcheck_report {
	void (*fn)(void *arg, const char *group, const char *check,
	    const char *detail);
	void *arg;
};

/* schema: the path of cases.rng.  Returns 0 when every check holds, 1
 * when one fails, -1 when the archive cannot be read (message in err,
 * nothing reported). */
int qk_bagcheck_run(const char *package, const char *schema,
    const struct qk_bagcheck_report *, char *err, size_t errlen);

#endif
