#ifndef QK_NODE_H
#define QK_NODE_H

#include <stddef.h>

struct qk_arena;

/*
 * Every element and attribute name qk defines, as a small integer ("atom"),
 * so that lookups compare integers instead of strings.  Names qk does not
 * define have atom QK_NONE.
 */
#define QK_ATOMS(X) \
	X(after) X(agent) X(applicant) X(application) X(applications) \
	X(at) X(basis) X(bin) X(blocking) X(by) X(calendar) X(case) \
	X(cases) X(catalog) X(channel) X(claimed) X(code) X(complaint) \
	X(conditions) X(contact) X(copies) X(count) X(counter) X(days) \
	X(decider) X(defer) X(defer_days) X(delivery) X(denominator) \
	X(dept) X(due) X(edition) X(error) X(event) X(events) \
	X(expected) X(extend) X(fee) X(field) X(finding) X(findings) \
	X(found) X(from) X(group) X(h) X(histogram) X(holiday) X(id) \
	X(idno) X(idtype) X(item) X(key) X(kind) X(legal) \
	X(level) X(material) X(met) X(method) X(metric) X(missing) \
	X(mode) X(name) X(need) X(note) X(notice) X(numerator) X(online) \
	X(org) X(original) X(outcome) X(parent) X(partial) X(phone) \
	X(place) X(promised) X(reason) X(received) X(ref) X(region) \
	X(registered) X(rejects) X(report) X(request) X(result) X(role) \
	X(roster) X(row) X(rule) X(score) X(section) X(seq) X(severity) \
	X(site) X(source) X(staff) X(state) X(status) X(steps) \
	X(suspended) X(table) X(target) X(to) X(type) X(until) X(value) \
	X(version) X(window) X(word) X(workday) X(year) X(as_of)

enum qk_atom {
	QK_NONE = 0,
#define QK_ATOM_ENUM(n) QK_##n,
	QK_ATOMS(QK_ATOM_ENUM)
#undef QK_ATOM_ENUM
	QK_NATOMS
};

struct qk_attr;

/* For each atom: the length of its name, and its rank in the byte order
 * of the names (so sorting known names needs no strcmp).  Read-only: 0
 * until the first qk_atom() or qk_atom_name() call fills them, once for
 * every thread. */
extern unsigned char qk_atom_len[QK_NATOMS];
extern unsigned char qk_atom_rank[QK_NATOMS];
/* Byte order of two attribute names. */
int qk_attr_cmp(const struct qk_attr *, const struct qk_attr *);
/* The length of an attribute's name. */
#define QK_NAME_LEN(at) ((at)->atom != QK_NONE && qk_atom_len[(at)->atom] != 0 ? \
	qk_atom_len[(at)->atom] : strlen((at)->name))

/* The atom of a name (QK_NONE when qk does not define it). */
int qk_atom(const char *name, size_t len);
/* The name of an atom ("defer-days" for QK_defer_days). */
const char *qk_atom_name(int atom);

struct qk_attr {
	const char *name;
	const char *value;	/* NUL-terminated, after XML parsing */
	int atom;
};

/*
 * An element of a record.  Nodes, names and values live in an arena and
 * are valid until it is reset.  Text is kept only for an element without
 * element children (mixed content is not kept: formats.md, Output bytes).
 */
struct qk_node {
	const char *name;
	int atom;
	int nattr, cap;
	struct qk_attr *attr;
	struct qk_node *parent, *child, *last, *next;
	const char *text;	/* NULL when none */
	size_t textlen;
	long line;		/* line of the start tag in its input; 0 if made */
};

/* The attribute's value, or NULL when absent or empty (formats.md). */
const char *qk_get(const struct qk_node *, int atom);
/* The same by name, for names qk does not define. */
const char *qk_get_name(const struct qk_node *, const char *name);
/* The value as written, "" included; NULL only when absent. */
const char *qk_get_raw(const struct qk_node *, int atom);
/* 1 when the attribute's value equals s (absent and empty read as ""). */
int qk_is(const struct qk_node *, int atom, const char *s);

/* The first child with this atom, or NULL; the next sibling with it. */
struct qk_node *qk_child(const struct qk_node *, int atom);
struct qk_node *qk_next(const struct qk_node *, int atom);
/* The number of children with this atom. */
int qk_count_children(const struct qk_node *, int atom);

/* Building.  All return NULL / -1 when the arena is exhausted. */
struct qk_node *qk_node_new(struct qk_arena *, const char *name);
int qk_node_set(struct qk_arena *, struct qk_node *, const char *name,
    const char *value);		/* appends; replaces when present */
/* Appends an attribute qk defines, known to be absent: no look-up. */
int qk_node_add(struct qk_arena *, struct qk_node *, int atom, const char *value);
void qk_node_unset(struct qk_node *, int atom);
void qk_node_append(struct qk_node *parent, struct qk_node *child);
int qk_node_text(struct qk_arena *, struct qk_node *, const char *s);
/* A deep copy of n (and its subtree) into the arena. */
struct qk_node *qk_node_copy(struct qk_arena *, const struct qk_node *n);
/* 1 when a and b have the same attributes (ignoring those whose atom is
 * in skip, a QK_NONE-terminated list), in any order, and equal children. */
int qk_node_equal(const struct qk_node *a, const struct qk_node *b,
    const int *skip);

#endif
