#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"

static const char *const atom_names[QK_NATOMS] = {
	"",
#define QK_ATOM_NAME(n) #n,
	QK_ATOMS(QK_ATOM_NAME)
#undef QK_ATOM_NAME
};

/* Open-addressing table from name to atom, built on first use. */
#define TABSIZE 512
static unsigned short atom_tab[TABSIZE];
static char atom_spelled[QK_NATOMS][16];
/* Set once the tables are built; the threads of -j N may race to build
 * them, so the build runs once (pthread_once) and readers acquire. */
static atomic_int atom_ready;
static pthread_once_t atom_once = PTHREAD_ONCE_INIT;
unsigned char qk_atom_len[QK_NATOMS];
unsigned char qk_atom_rank[QK_NATOMS];

static unsigned hash(const char *s, size_t len)
{
	unsigned h = 2166136261u;

	while (len-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* C identifiers cannot hold '-': defer_days is spelled defer-days. */
static void atoms_init(void)
{
	int i;

	for (i = 1; i < QK_NATOMS; i++) {
		char *p;
		unsigned h;

		strncpy(atom_spelled[i], atom_names[i], sizeof atom_spelled[i] - 1);
		for (p = atom_spelled[i]; *p != '\0'; p++)
			if (*p == '_')
				*p = '-';
		qk_atom_len[i] = (unsigned char)strlen(atom_spelled[i]);
		h = hash(atom_spelled[i], qk_atom_len[i]) % TABSIZE;
		while (atom_tab[h] != 0)
			h = (h + 1) % TABSIZE;
		atom_tab[h] = (unsigned short)i;
	}
	for (i = 1; i < QK_NATOMS; i++) {
		int j, rank = 1;

		for (j = 1; j < QK_NATOMS; j++)
			rank += strcmp(atom_spelled[j], atom_spelled[i]) < 0;
		qk_atom_rank[i] = (unsigned char)rank;
	}
	atomic_store_explicit(&atom_ready, 1, memory_order_release);
}

/* The tables, built on first use. */
static void atoms_ready(void)
{
	if (!atomic_load_explicit(&atom_ready, memory_order_acquire))
		pthread_once(&atom_once, atoms_init);
}

int qk_atom(const char *name, size_t len)
{
	unsigned h;

	atoms_ready();
	if (len >= sizeof atom_spelled[0])
		return QK_NONE;
	for (h = hash(name, len) % TABSIZE; atom_tab[h] != 0; h = (h + 1) % TABSIZE) {
		const char *s = atom_spelled[atom_tab[h]];

		if (memcmp(s, name, len) == 0 && s[len] == '\0')
			return atom_tab[h];
	}
	return QK_NONE;
}

int qk_attr_cmp(const struct qk_attr *a, const struct qk_attr *b)
{
	if (a->atom != QK_NONE && b->atom != QK_NONE &&
	    atomic_load_explicit(&atom_ready, memory_order_acquire))
		return (int)qk_atom_rank[a->atom] - (int)qk_atom_rank[b->atom];
	return strcmp(a->name, b->name);
}

const char *qk_atom_name(int atom)
{
	atoms_ready();
	if (atom <= 0 || atom >= QK_NATOMS)
		return "";
	return atom_spelled[atom];
}

const char *qk_get_raw(const struct qk_node *n, int atom)
{
	int i;

	for (i = 0; i < n->nattr; i++)
		if (n->attr[i].atom == atom)
			return n->attr[i].value;
	return NULL;
}

const char *qk_get(const struct qk_node *n, int atom)
{
	const char *v = qk_get_raw(n, atom);

	return v != NULL && *v != '\0' ? v : NULL;
}

const char *qk_get_name(const struct qk_node *n, const char *name)
{
	int i;

	for (i = 0; i < n->nattr; i++)
		if (strcmp(n->attr[i].name, name) == 0)
			return *n->attr[i].value != '\0' ? n->attr[i].value : NULL;
	return NULL;
}

int qk_is(const struct qk_node *n, int atom, const char *s)
{
	const char *v = qk_get_raw(n, atom);

	return strcmp(v != NULL ? v : "", s) == 0;
}

struct qk_node *qk_child(const struct qk_node *n, int atom)
{
	struct qk_node *c;

	for (c = n->child; c != NULL; c = c->next)
		if (c->atom == atom)
			return c;
	return NULL;
}

int qk_count_children(const struct qk_node *n, int atom)
{
	const struct qk_node *c;
	int k = 0;

	for (c = qk_child(n, atom); c != NULL; c = qk_next(c, atom))
		k++;
	return k;
}

struct qk_node *qk_next(const struct qk_node *n, int atom)
{
	struct qk_node *c;

	for (c = n->next; c != NULL; c = c->next)
		if (c->atom == atom)
			return c;
	return NULL;
}

struct qk_node *qk_node_new(struct qk_arena *a, const char *name)
{
	struct qk_node *n = qk_arena_alloc(a, sizeof *n);

	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof *n);
	n->name = name;
	n->atom = qk_atom(name, strlen(name));
	return n;
}

static int append_attr(struct qk_arena *a, struct qk_node *n, const char *name,
    int atom, const char *value)
{
	if (n->nattr == n->cap) {
		int cap = n->cap > 0 ? n->cap * 2 : 8;
		struct qk_attr *at = qk_arena_alloc(a, cap * sizeof *at);

		if (at == NULL)
			return -1;
		if (n->nattr > 0)
			memcpy(at, n->attr, n->nattr * sizeof *at);
		n->attr = at;
		n->cap = cap;
	}
	n->attr[n->nattr].name = name;
	n->attr[n->nattr].value = value;
	n->attr[n->nattr].atom = atom;
	n->nattr++;
	return 0;
}

int qk_node_set(struct qk_arena *a, struct qk_node *n, const char *name,
    const char *value)
{
	int i;

	for (i = 0; i < n->nattr; i++)
		if (strcmp(n->attr[i].name, name) == 0) {
			n->attr[i].value = value;
			return 0;
		}
	return append_attr(a, n, name, qk_atom(name, strlen(name)), value);
}

int qk_node_add(struct qk_arena *a, struct qk_node *n, int atom, const char *value)
{
	return append_attr(a, n, qk_atom_name(atom), atom, value);
}

void qk_node_unset(struct qk_node *n, int atom)
{
	int i, j = 0;

	for (i = 0; i < n->nattr; i++)
		if (n->attr[i].atom != atom || atom == QK_NONE)
			n->attr[j++] = n->attr[i];
	n->nattr = j;
}

void qk_node_append(struct qk_node *parent, struct qk_node *child)
{
	child->parent = parent;
	child->next = NULL;
	if (parent->last != NULL)
		parent->last->next = child;
	else
		parent->child = child;
	parent->last = child;
}

int qk_node_text(struct qk_arena *a, struct qk_node *n, const char *s)
{
	n->textlen = strlen(s);
	n->text = qk_arena_strndup(a, s, n->textlen);
	return n->text != NULL ? 0 : -1;
}

struct qk_node *qk_node_copy(struct qk_arena *a, const struct qk_node *src)
{
	struct qk_node *n = qk_arena_alloc(a, sizeof *n);
	const struct qk_node *c;
	int i;

	if (n == NULL)
		return NULL;
	*n = *src;
	n->parent = n->child = n->last = n->next = NULL;
	n->name = src->atom != QK_NONE ? qk_atom_name(src->atom) : qk_arena_strdup(a, src->name);
	n->attr = n->nattr > 0 ? qk_arena_alloc(a, n->nattr * sizeof *n->attr) : NULL;
	n->cap = n->nattr;
	if (n->name == NULL || (n->nattr > 0 && n->attr == NULL))
		return NULL;
	for (i = 0; i < n->nattr; i++) {
		n->attr[i].atom = src->attr[i].atom;
		n->attr[i].name = src->attr[i].atom != QK_NONE ?
		    qk_atom_name(src->attr[i].atom) : qk_arena_strdup(a, src->attr[i].name);
		n->attr[i].value = qk_arena_strdup(a, src->attr[i].value);
		if (n->attr[i].name == NULL || n->attr[i].value == NULL)
			return NULL;
	}
	if (src->text != NULL) {
		n->text = qk_arena_strndup(a, src->text, src->textlen);
		if (n->text == NULL)
			return NULL;
	}
	for (c = src->child; c != NULL; c = c->next) {
		struct qk_node *cc = qk_node_copy(a, c);

		if (cc == NULL)
			return NULL;
		qk_node_append(n, cc);
	}
	return n;
}

static int skipped(const char *name, int atom, const int *skip)
{
	for (; skip != NULL && *skip != QK_NONE; skip++)
		if (atom == *skip && strcmp(name, qk_atom_name(atom)) == 0)
			return 1;
	return 0;
}

static int count_kept(const struct qk_node *n, const int *skip)
{
	int i, k = 0;

	for (i = 0; i < n->nattr; i++)
		if (!skipped(n->attr[i].name, n->attr[i].atom, skip))
			k++;
	return k;
}

int qk_node_equal(const struct qk_node *a, const struct qk_node *b,
    const int *skip)
{
	const struct qk_node *ca, *cb;
	int i, j;

	if (strcmp(a->name, b->name) != 0)
		return 0;
	if ((a->text != NULL) != (b->text != NULL) || (a->text != NULL &&
	    (a->textlen != b->textlen || memcmp(a->text, b->text, a->textlen) != 0)))
		return 0;
	if (count_kept(a, skip) != count_kept(b, skip))
		return 0;
	for (i = 0; i < a->nattr; i++) {
		if (skipped(a->attr[i].name, a->attr[i].atom, skip))
			continue;
		for (j = 0; j < b->nattr; j++)
			if (strcmp(a->attr[i].name, b->attr[j].name) == 0)
				break;
		if (j == b->nattr || strcmp(a->attr[i].value, b->attr[j].value) != 0)
			return 0;
	}
	for (ca = a->child, cb = b->child; ca != NULL && cb != NULL;
	    ca = ca->next, cb = cb->next)
		if (!qk_node_equal(ca, cb, NULL))
			return 0;
	return ca == NULL && cb == NULL;
}
