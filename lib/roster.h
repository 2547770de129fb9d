#ifndef QK_ROSTER_H
#define QK_ROSTER_H

#include <stddef.h>

/*
 * The roster of sites and people (formats.md, Roster).  A person may hold
 * several rows; a role check passes when any row of that id has the role.
 */
struct qk_node;
struct qk_roster;

enum qk_role { QK_ROLE_WINDOW = 1, QK_ROLE_DEPT = 2, QK_ROLE_AGENT = 4, QK_ROLE_LEAD = 8 };

/* The roster of the file at path (NULL only when out of memory); when it
 * could not be read, qk_roster_error() says why and nothing else may be
 * asked of it. */
struct qk_roster *qk_roster_load(const char *path);
/* NULL when the roster was loaded; else the message, with its place (col
 * may be NULL). */
const char *qk_roster_error(const struct qk_roster *, const char **file,
    long *line, long *col);
void qk_roster_free(struct qk_roster *);
const struct qk_node *qk_roster_root(const struct qk_roster *);
/* The <site> row of a code, or NULL. */
const struct qk_node *qk_roster_site(const struct qk_roster *, const char *code);
/* 1 when some row of id has the role. */
int qk_roster_has_role(const struct qk_roster *, const char *id, int role);
/* 1 when some dept row of id names dept. */
int qk_roster_in_dept(const struct qk_roster *, const char *id, const char *dept);
/* 1 and *day: the agent's registration date (the earliest registered
 * among its agent rows that have one); 0 when not registered. */
int qk_roster_registered(const struct qk_roster *, const char *id, long *day);
/* 1 when id names anybody in the roster. */
int qk_roster_known(const struct qk_roster *, const char *id);

#endif
