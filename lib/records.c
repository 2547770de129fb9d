#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "arena.h"
#include "input.h"
#include "node.h"
#include "records.h"

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)
#define NAME_SLOTS 256
/* libxml2's own limit without XML_PARSE_HUGE, which its push parser does
 * not apply under our SAX handlers: levels below the root. */
#define MAX_DEPTH 256
/* The pipeline: records parsed ahead, at most PIPE_SLOTS of them and
 * PIPE_BYTES of their XML; a record larger than PIPE_BIG is built and
 * processed alone, so that a big record costs what it costs in one
 * thread (tools.md, Memory). */
#define PIPE_SLOTS 32
#define PIPE_BYTES (512 * 1024)
#define PIPE_BIG (64 * 1024)

/* A name of the document, as libxml2's dictionary spells it, with its
 * length and atom. */
struct name_slot {
	const xmlChar *name;
	const char *spelled;	/* the atom's spelling, NULL for QK_NONE */
	size_t len;
	int atom;
};

/* A record parsed ahead, or a warning, in its own arena. */
struct slot {
	struct qk_arena *arena;
	struct qk_node *rec;	/* NULL: a warning */
	const char *msg;
	long line;
	size_t bytes;
};

/* The parse thread and the ring of slots it fills in input order: slots
 * head .. head + count - 1 are ready, the one before head is the
 * consumer's while busy, the one after the ready ones the parser's. */
struct pipe {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t can_put, can_get;
	struct slot slot[PIPE_SLOTS];
	int head, count, busy, building;
	size_t bytes;			/* of the ready slots */
	int parser_waits, consumer_waits;
	int halt;			/* the consumer stopped */
	int done;			/* the parser ended */
};

struct qk_reader {
	struct qk_input *in;
	const char *rootname, *recname;	/* recname NULL: keep everything */
	size_t max_record;
	struct qk_arena *arena;		/* the current record */
	struct qk_arena *doc_arena;	/* the root (or everything) */
	xmlParserCtxtPtr ctxt;
	const char *docname;
	/* Parse state of the current document. */
	int depth, skip_depth;
	struct qk_node *root, *cur;
	long mark, rec_start;
	long rec_line;			/* of the record's start tag */
	char *text;
	size_t textlen, textcap;
	struct name_slot names[NAME_SLOTS];	/* of the current document */
	int stopped, cb_result;
	int (*fn)(void *, struct qk_node *);
	void *arg;
	void (*on_warn)(void *, const char *, long, const char *);
	void *warn_arg;
	int (*before_read)(void *);
	void *read_arg;
	int pipelined;			/* qk_reader_pipeline() */
	struct pipe *pipe;		/* while qk_reader_run pipelines */
	struct slot *slot;		/* the record being built */
	int big;			/* ... is larger than PIPE_BIG */
	/* The first fatal error. */
	int failed;
	int in_handler;		/* in libxml2's error handler */
	char err[512];
	char errfile[1024];
	long errline, errcol;
};

/* The reader whose document is being parsed, for the generic handler. */
static _Thread_local struct qk_reader *current;

static void fail(struct qk_reader *r, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first fatal error and stops the parser.  From libxml2's
 * error handlers the parser is in the middle of a step that may still use
 * its input (xmlStopParser frees the input buffer, which
 * xmlParseEncodingDecl goes on to use when the encoding it names raised
 * the error): there SAX is only switched off, and parse_document feeds
 * nothing more. */
static void fail(struct qk_reader *r, long line, long col, const char *fmt, ...)
{
	va_list ap;

	if (!r->failed) {
		r->failed = 1;
		va_start(ap, fmt);
		vsnprintf(r->err, sizeof r->err, fmt, ap);
		va_end(ap);
		snprintf(r->errfile, sizeof r->errfile, "%s",
		    r->docname != NULL ? r->docname : "");
		r->errline = line;
		r->errcol = col;
	}
	if (r->ctxt != NULL && r->in_handler)
		r->ctxt->disableSAX = 1;
	else if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
}

static long cur_line(const struct qk_reader *r)
{
	return r->ctxt != NULL && r->ctxt->input != NULL ? r->ctxt->input->line : 0;
}

/*
 * The line of the start tag just parsed, where it begins: libxml2 reports
 * where it ends.  Its bytes are still in the input buffer, and a start tag
 * holds no other '<'.
 */
static long start_tag_line(const struct qk_reader *r)
{
	const xmlParserInput *in = r->ctxt->input;
	const char *base = (const char *)in->base, *end = (const char *)in->cur;
	const char *lt;
	long line = in->line;

	if (base == NULL || end <= base)
		return line;
	for (lt = end - 1; lt > base && *lt != '<'; lt--)
		line -= *lt == '\n';
	return *lt == '<' && line > 0 ? line : in->line;
}

/* xmlByteConsumed() without a call per node: for input without an
 * encoder (qk reads UTF-8 only) it is this sum. */
static inline long consumed(const struct qk_reader *r)
{
	const xmlParserInput *in = r->ctxt->input;

	if (in == NULL || (in->buf != NULL && in->buf->encoder != NULL))
		return xmlByteConsumed(r->ctxt);
	return in->consumed + (in->cur - in->base);
}

/* libxml2's message as one line: some span two ("Input is not proper
 * UTF-8, indicate encoding !" LF "Bytes: 0xBA …"), and the second would
 * reach standard error without the tool's name. */
static void one_line(char *msg)
{
	static const char not_utf8[] = "Input is not proper UTF-8, indicate encoding !";
	size_t n;
	char *p;

	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	for (p = msg; (p = strchr(p, '\n')) != NULL; )
		*p = ' ';
	if (strncmp(msg, not_utf8, sizeof not_utf8 - 1) == 0) {
		static const char says[] = "document is not UTF-8 (qk reads UTF-8 only):";
		size_t rest = strlen(msg + sizeof not_utf8 - 1);

		if (rest + sizeof says <= 400) {
			memmove(msg + sizeof says - 1, msg + sizeof not_utf8 - 1, rest + 1);
			memcpy(msg, says, sizeof says - 1);
		}
	}
}

static void structured_error(void *data, xmlErrorPtr e)
{
	struct qk_reader *r = data;
	char msg[400];

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "%s", e->message != NULL ? e->message : "parse error");
	one_line(msg);
	r->in_handler = 1;
	fail(r, e->line, e->int2, "%s", msg);
	r->in_handler = 0;
}

/* Errors libxml2 prints through xmlGenericError bypass the structured
 * handler; they count as errors of the document being parsed. */
static void generic_error(void *ctx, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	(void)ctx;
	if (current == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	one_line(msg);
	if (msg[0] != '\0') {
		current->in_handler = 1;
		fail(current, cur_line(current), 0, "%s", msg);
		current->in_handler = 0;
	}
}

/* Errors of other domains raised while a document is parsed. */
static void global_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (current != NULL)
		structured_error(current, e);
}

static xmlParserInputPtr refuse_entity(const char *url, const char *id,
    xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* libxml2 keeps the error handlers per thread: the ThrDef ones are what
 * every thread made afterwards starts with. */
static void xml_init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity);
	xmlThrDefSetGenericErrorFunc(NULL, generic_error);
	xmlThrDefSetStructuredErrorFunc(NULL, global_error);
	xmlSetGenericErrorFunc(NULL, generic_error);
	xmlSetStructuredErrorFunc(NULL, global_error);
}

void qk_xml_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, xml_init_once);
}

static void parser_waits(struct pipe *p)
{
	p->parser_waits = 1;
	pthread_cond_wait(&p->can_put, &p->lock);
	p->parser_waits = 0;
}

/* In the parse thread: the slot for the next record or warning, its
 * arena empty; NULL when the consumer has stopped the run. */
static struct slot *pipe_take_slot(struct qk_reader *r)
{
	struct pipe *p = r->pipe;
	struct slot *s = NULL;

	pthread_mutex_lock(&p->lock);
	while (!p->halt && (p->count + p->busy + 1 > PIPE_SLOTS || p->bytes > PIPE_BYTES))
		parser_waits(p);
	if (!p->halt)
		s = &p->slot[(p->head + p->count) % PIPE_SLOTS];
	pthread_mutex_unlock(&p->lock);
	if (s == NULL) {
		r->stopped = 1;
		if (r->ctxt != NULL)
			xmlStopParser(r->ctxt);
		return NULL;
	}
	s->rec = NULL;
	s->msg = NULL;
	return s;
}

/* In the parse thread: slot s is ready.  The consumer is woken when half
 * the ring is ready, or at once when now is set. */
static void pipe_publish(struct pipe *p, struct slot *s, size_t bytes, int now)
{
	pthread_mutex_lock(&p->lock);
	s->bytes = bytes;
	p->count++;
	p->bytes += bytes;
	if (p->consumer_waits && (now || p->count >= PIPE_SLOTS / 2 ||
	    p->bytes > PIPE_BYTES / 2))
		pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->lock);
}

/* In the parse thread, before it may wait for input: what is ready goes
 * to the consumer now (a record must not wait for the next one). */
static void pipe_nudge(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->consumer_waits && p->count > 0)
		pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->lock);
}

/* In the parse thread: waits until the consumer is done with every record
 * handed over (the document's name and root stay valid until then). */
static void pipe_drain(struct pipe *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->consumer_waits && p->count > 0)
		pthread_cond_signal(&p->can_get);
	while (!p->halt && (p->count > 0 || p->busy))
		parser_waits(p);
	pthread_mutex_unlock(&p->lock);
}

static void warn(struct qk_reader *r, long line, const char *msg)
{
	struct slot *s;

	if (r->on_warn == NULL)
		return;
	if (r->pipe == NULL) {
		r->on_warn(r->warn_arg, r->docname, line, msg);
		return;
	}
	if ((s = pipe_take_slot(r)) == NULL)
		return;
	s->line = line;
	s->msg = qk_arena_strdup(s->arena, msg);
	if (s->msg == NULL) {
		fail(r, line, 0, "out of memory");
		return;
	}
	pipe_publish(r->pipe, s, 0, 0);
}

static int add_text(struct qk_reader *r, const xmlChar *s, int len)
{
	if (r->textlen + len + 1 > r->textcap) {
		size_t cap = r->textcap > 0 ? r->textcap : 256;
		char *t;

		while (cap < r->textlen + len + 1)
			cap *= 2;
		t = realloc(r->text, cap);
		if (t == NULL)
			return -1;
		r->text = t;
		r->textcap = cap;
	}
	memcpy(r->text + r->textlen, s, len);
	r->textlen += len;
	return 0;
}

static inline int blank(const char *s, size_t n)
{
	while (n-- > 0)
		if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
			return 0;
		else
			s++;
	return 1;
}

static inline int too_big(struct qk_reader *r)
{
	size_t size;

	/* depth 1: the record's own end tag, counted with it */
	if (r->recname == NULL || r->depth < 1 || (r->max_record == 0 && r->pipe == NULL))
		return 0;
	size = (size_t)(consumed(r) - r->rec_start);
	if (r->pipe != NULL && !r->big && size > PIPE_BIG) {
		r->big = 1;
		pipe_drain(r->pipe);
	}
	if (r->max_record == 0 || size <= r->max_record)
		return 0;
	fail(r, r->rec_line, 0, "record larger than --max-record (%zu bytes)",
	    r->max_record);
	return 1;
}

/*
 * A name qk defines is shared (its atom's spelling); others are copied.
 * SAX2 hands element and attribute names over from the parser's
 * dictionary, one pointer per distinct name in a document (libxml2's tree
 * builder keeps them as they are for the same reason), so the atom of a
 * pointer already seen is found without reading the name.
 */
static void name_slot_fill(struct name_slot *slot, const xmlChar *name)
{
	slot->name = name;
	slot->len = strlen((const char *)name);
	slot->atom = qk_atom((const char *)name, slot->len);
	slot->spelled = slot->atom != QK_NONE ? qk_atom_name(slot->atom) : NULL;
}

static inline const char *intern(struct qk_reader *r, struct qk_arena *a,
    const xmlChar *name, int *atom)
{
	uintptr_t h = (uintptr_t)name * (uintptr_t)0x9E3779B97F4A7C15ull;
	struct name_slot *slot = &r->names[(h >> (sizeof h * 8 - 8)) % NAME_SLOTS];

	if (slot->name != name)
		name_slot_fill(slot, name);
	*atom = slot->atom;
	return slot->spelled != NULL ? slot->spelled :
	    qk_arena_strndup(a, (const char *)name, slot->len);
}

/*
 * libxml2's SAX2 start-element hands every '&' of an attribute value over
 * as the five characters "&#38;" when entities are not replaced (the tree
 * builder decodes them later); every other reference arrives decoded.  A
 * literal '&' cannot occur in a well-formed value, so each "&#38;" is one
 * '&' of the value.  Decodes in place.
 */
static void decode_amp(char *s)
{
	char *w = strchr(s, '&'), *p = w;

	if (w == NULL)
		return;
	while (*p != '\0') {
		if (p[0] == '&' && strncmp(p, "&#38;", 5) == 0) {
			*w++ = '&';
			p += 5;
		} else
			*w++ = *p++;
	}
	*w = '\0';
}

/* Builds a node from SAX2 start-tag data in the reader's arena: the node,
 * its attributes and their values in one allocation. */
static struct qk_node *make_node(struct qk_reader *r, struct qk_arena *a,
    const xmlChar *name, int nattr, const xmlChar **attrs)
{
	size_t size = sizeof(struct qk_node) + (size_t)nattr * sizeof(struct qk_attr);
	struct qk_node *n;
	char *values, *p;
	int i;

	for (i = 0; i < nattr; i++)
		size += (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]) + 1;
	if ((n = qk_arena_alloc(a, size)) == NULL)
		return NULL;
	memset(n, 0, sizeof *n);
	n->name = intern(r, a, name, &n->atom);
	n->line = cur_line(r);
	if (nattr > 0) {
		n->attr = (struct qk_attr *)(n + 1);
		n->nattr = n->cap = nattr;
	}
	values = p = (char *)((struct qk_attr *)(n + 1) + nattr);
	for (i = 0; i < nattr; i++) {
		const xmlChar *const *at = &attrs[i * 5];
		size_t len = (size_t)(at[4] - at[3]);

		n->attr[i].name = intern(r, a, at[0], &n->attr[i].atom);
		n->attr[i].value = p;
		memcpy(p, at[3], len);
		p[len] = '\0';
		p += len + 1;
	}
	if (nattr > 0 && memchr(values, '&', (size_t)(p - values)) != NULL)
		for (i = 0; i < nattr; i++)
			decode_amp((char *)n->attr[i].value);
	if (qk_arena_failed(a) || n->name == NULL)
		return NULL;
	return n;
}

/* A document must be UTF-8: no other declared encoding, no converter. */
static int utf8_document(const xmlParserCtxtPtr ctxt)
{
	const char *enc = (const char *)ctxt->encoding;

	if (enc != NULL && strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0)
		return 0;
	if (ctxt->input != NULL && ctxt->input->buf != NULL &&
	    ctxt->input->buf->encoder != NULL)
		return 0;
	return 1;
}

static void start_root(struct qk_reader *r, const xmlChar *name, int nattr,
    const xmlChar **attrs)
{
	const char *v;

	if (!utf8_document(r->ctxt)) {
		fail(r, cur_line(r), 0, "document is not UTF-8");
		return;
	}
	if (strcmp((const char *)name, r->rootname) != 0) {
		fail(r, cur_line(r), 0, "root element is '%s', expected '%s'",
		    (const char *)name, r->rootname);
		return;
	}
	r->root = make_node(r, r->doc_arena, name, nattr, attrs);
	if (r->root == NULL) {
		fail(r, cur_line(r), 0, "out of memory");
		return;
	}
	v = qk_get_raw(r->root, QK_version);
	if (v == NULL || strcmp(v, "1") != 0)
		fail(r, cur_line(r), 0, "%s version is '%s', expected '1'",
		    r->rootname, v != NULL ? v : "");
}

/* The arena of a new record: the reader's own, or a slot's when the
 * reader pipelines.  -1 when the consumer has stopped the run. */
static int start_record(struct qk_reader *r)
{
	if (r->pipe == NULL) {
		qk_arena_reset(r->arena);
		return 0;
	}
	if ((r->slot = pipe_take_slot(r)) == NULL)
		return -1;
	r->arena = r->slot->arena;
	r->big = 0;
	return 0;
}

/* The elements qk defines (its schemas): those that hold text where
 * formats.md says so, and those that hold none.  Any other name is an
 * extension element, which may hold any content. */
enum { EXTENSION, HOLDS_TEXT, NO_TEXT };
static const unsigned char element_kind[QK_NATOMS] = {
	[QK_basis] = HOLDS_TEXT, [QK_complaint] = HOLDS_TEXT,
	[QK_conditions] = HOLDS_TEXT, [QK_contact] = HOLDS_TEXT,
	[QK_error] = HOLDS_TEXT, [QK_finding] = HOLDS_TEXT,
	[QK_notice] = HOLDS_TEXT, [QK_place] = HOLDS_TEXT,
	[QK_result] = HOLDS_TEXT, [QK_steps] = HOLDS_TEXT,
	[QK_applicant] = NO_TEXT, [QK_application] = NO_TEXT,
	[QK_applications] = NO_TEXT, [QK_bin] = NO_TEXT, [QK_calendar] = NO_TEXT,
	[QK_case] = NO_TEXT, [QK_cases] = NO_TEXT, [QK_catalog] = NO_TEXT,
	[QK_counter] = NO_TEXT, [QK_dept] = NO_TEXT, [QK_event] = NO_TEXT,
	[QK_events] = NO_TEXT, [QK_findings] = NO_TEXT, [QK_group] = NO_TEXT,
	[QK_histogram] = NO_TEXT, [QK_holiday] = NO_TEXT, [QK_item] = NO_TEXT,
	[QK_material] = NO_TEXT, [QK_metric] = NO_TEXT, [QK_missing] = NO_TEXT,
	[QK_need] = NO_TEXT, [QK_partial] = NO_TEXT, [QK_rejects] = NO_TEXT,
	[QK_report] = NO_TEXT, [QK_request] = NO_TEXT, [QK_roster] = NO_TEXT,
	[QK_row] = NO_TEXT, [QK_section] = NO_TEXT, [QK_site] = NO_TEXT,
	[QK_source] = NO_TEXT, [QK_staff] = NO_TEXT, [QK_table] = NO_TEXT,
	[QK_workday] = NO_TEXT,
};

/* formats.md: data lives in attributes; elements hold no text except where
 * it says so, and an extension element (or anything inside one) may hold
 * any content. */
static int may_hold_text(const struct qk_node *n)
{
	if (element_kind[n->atom] != NO_TEXT)
		return 1;
	for (n = n->parent; n != NULL; n = n->parent)
		if (element_kind[n->atom] == EXTENSION)
			return 1;
	return 0;
}

/* Text in an element that holds none is a fatal input error. */
static inline int text_refused(struct qk_reader *r, const struct qk_node *n,
    const char *s, size_t len)
{
	if (blank(s, len) || (n != NULL && may_hold_text(n)))
		return 0;
	fail(r, cur_line(r), 0, "text in element '%s': data lives in attributes",
	    n != NULL ? n->name : r->rootname);
	return 1;
}

static void sax_start(void *ctx, const xmlChar *localname,
    const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
    const xmlChar **namespaces, int nattr, int ndefaulted,
    const xmlChar **attrs)
{
	struct qk_reader *r = ctx;
	struct qk_node *n;
	int i;

	(void)uri;
	(void)namespaces;
	(void)ndefaulted;
	if (r->failed)
		return;
	if (prefix != NULL || nb_namespaces > 0) {
		fail(r, cur_line(r), 0, "namespaces are not allowed (element '%s')",
		    (const char *)localname);
		return;
	}
	for (i = 0; i < nattr; i++)
		if (attrs[i * 5 + 1] != NULL) {
			fail(r, cur_line(r), 0, "prefixed attribute names are not allowed");
			return;
		}
	if (r->textlen > 0 && r->cur != NULL &&
	    text_refused(r, r->cur, r->text, r->textlen))
		return;
	r->depth++;
	r->textlen = 0;
	if (r->depth > MAX_DEPTH + 1) {
		fail(r, cur_line(r), 0, "excessive depth in document: more than %d levels",
		    MAX_DEPTH);
		return;
	}
	if (r->depth == 1) {
		start_root(r, localname, nattr, attrs);
		r->mark = consumed(r);
		return;
	}
	if (r->skip_depth > 0)
		return;
	if (r->depth == 2) {
		r->rec_line = start_tag_line(r);
		if (r->recname != NULL && strcmp((const char *)localname, r->recname) != 0) {
			char msg[300];

			snprintf(msg, sizeof msg, "skipping element '%s': not %s %s",
			    (const char *)localname,
			    strchr("aeiou", r->recname[0]) != NULL ? "an" : "a", r->recname);
			warn(r, r->rec_line, msg);
			r->skip_depth = r->depth;
			return;
		}
		r->rec_start = r->mark;
		r->cur = NULL;
		if (r->recname != NULL && start_record(r) < 0)
			return;
	}
	if (too_big(r))
		return;
	n = make_node(r, r->recname != NULL ? r->arena : r->doc_arena,
	    localname, nattr, attrs);
	if (n == NULL) {
		fail(r, cur_line(r), 0, "out of memory");
		return;
	}
	if (r->depth == 2)
		n->line = r->rec_line;
	if (r->cur != NULL)
		qk_node_append(r->cur, n);
	else if (r->recname == NULL)
		qk_node_append(r->root, n);
	r->cur = n;
}

static void end_record(struct qk_reader *r, struct qk_node *rec)
{
	int res;

	r->mark = consumed(r);
	if (r->recname == NULL || r->fn == NULL)
		return;
	if (r->pipe != NULL) {
		r->slot->rec = rec;
		pipe_publish(r->pipe, r->slot, (size_t)(r->mark - r->rec_start), r->big);
		if (r->big)
			pipe_drain(r->pipe);
		return;
	}
	res = r->fn(r->arg, rec);
	if (res != 0) {
		r->cb_result = res;
		r->stopped = 1;
		xmlStopParser(r->ctxt);
	}
}

static void sax_end(void *ctx, const xmlChar *localname,
    const xmlChar *prefix, const xmlChar *uri)
{
	struct qk_reader *r = ctx;
	struct qk_node *n = r->cur;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (r->failed || r->stopped)
		return;
	if (r->skip_depth > 0) {
		if (r->depth-- == r->skip_depth) {
			r->skip_depth = 0;
			r->mark = consumed(r);
		}
		return;
	}
	r->depth--;
	if (r->depth == 0 || n == NULL)
		return;
	if (too_big(r))
		return;
	if (n->child == NULL && r->textlen > 0 && !blank(r->text, r->textlen)) {
		if (text_refused(r, n, r->text, r->textlen))
			return;
		struct qk_arena *a = r->recname != NULL ? r->arena : r->doc_arena;

		n->text = qk_arena_strndup(a, r->text, r->textlen);
		n->textlen = r->textlen;
		if (n->text == NULL) {
			fail(r, cur_line(r), 0, "out of memory");
			return;
		}
	}
	r->textlen = 0;
	r->cur = n->parent;
	if (r->depth == 1)
		end_record(r, n);
}

static void sax_characters(void *ctx, const xmlChar *s, int len)
{
	struct qk_reader *r = ctx;

	if (r->failed || r->stopped)
		return;
	if (r->depth <= 1) {
		if (r->depth == 1 && text_refused(r, NULL, (const char *)s, (size_t)len))
			return;
		r->mark = consumed(r);
		return;
	}
	if (r->skip_depth > 0 || too_big(r) || r->cur == NULL)
		return;
	if (r->cur->child != NULL)	/* beside children: not kept */
		text_refused(r, r->cur, (const char *)s, (size_t)len);
	else if (add_text(r, s, len) < 0)
		fail(r, cur_line(r), 0, "out of memory");
}

static void sax_comment(void *ctx, const xmlChar *s)
{
	struct qk_reader *r = ctx;

	(void)s;
	if (!r->failed && r->depth <= 1)
		r->mark = consumed(r);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	sax_comment(ctx, NULL);
}

static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	struct qk_reader *r = ctx;

	(void)name;
	(void)eid;
	(void)sid;
	fail(r, cur_line(r), 0, "DOCTYPE is not allowed");
}

static xmlEntityPtr sax_entity(void *ctx, const xmlChar *name)
{
	struct qk_reader *r = ctx;

	fail(r, cur_line(r), 0, "entity reference '&%s;' is not allowed",
	    (const char *)name);
	return NULL;
}

static void init_sax(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = sax_start;
	sax->endElementNs = sax_end;
	sax->characters = sax_characters;
	sax->cdataBlock = sax_characters;
	sax->ignorableWhitespace = sax_characters;
	sax->comment = sax_comment;
	sax->processingInstruction = sax_pi;
	sax->internalSubset = sax_doctype;
	sax->externalSubset = sax_doctype;
	sax->getEntity = sax_entity;
	sax->serror = structured_error;
}

struct qk_reader *qk_reader_new(struct qk_input *in, const char *root,
    const char *record)
{
	struct qk_reader *r = calloc(1, sizeof *r);

	qk_xml_init();
	if (r == NULL)
		return NULL;
	r->in = in;
	r->rootname = root;
	r->recname = record;
	r->max_record = 1024 * 1024;
	r->arena = qk_arena_new();
	r->doc_arena = qk_arena_new();
	if (r->arena == NULL || r->doc_arena == NULL) {
		qk_reader_free(r);
		return NULL;
	}
	return r;
}

void qk_reader_free(struct qk_reader *r)
{
	if (r == NULL)
		return;
	qk_arena_free(r->arena);
	qk_arena_free(r->doc_arena);
	free(r->text);
	free(r);
}

void qk_reader_max_record(struct qk_reader *r, size_t max)
{
	r->max_record = max;
}

void qk_reader_on_warning(struct qk_reader *r,
    void (*fn)(void *, const char *, long, const char *), void *arg)
{
	r->on_warn = fn;
	r->warn_arg = arg;
}

/* A document that ends inside its root: libxml2 says "Extra content at the
 * end of the document", which misleads whoever reads a cut-off output. */
static void truncated(struct qk_reader *r)
{
	snprintf(r->err, sizeof r->err, "document ends before the end tag of "
	    "<%s> (cut off, or its writer stopped on an error)",
	    r->root != NULL ? r->root->name : r->rootname);
}

void qk_reader_before_read(struct qk_reader *r, int (*fn)(void *arg),
    void *arg)
{
	r->before_read = fn;
	r->read_arg = arg;
}

/* The next block of the document, after the before_read hook. */
static ssize_t read_block(struct qk_reader *r, const char **buf)
{
	if (r->pipe != NULL) {
		if (!qk_input_ready(r->in))
			pipe_nudge(r->pipe);
	} else if (r->before_read != NULL)
		r->before_read(r->read_arg);
	return qk_input_read(r->in, buf);
}

/* The input layer's error becomes the reader's (place: the input's, or
 * dflt when it names none). */
static void input_failed(struct qk_reader *r, const char *dflt)
{
	const char *where, *msg = qk_input_error(r->in, &where);

	r->failed = 1;
	snprintf(r->err, sizeof r->err, "%s", msg);
	snprintf(r->errfile, sizeof r->errfile, "%s", where != NULL ? where : dflt);
	r->errline = r->errcol = 0;
}

/* Feeds one document to a new push parser.  0, -1 (fatal), or stopped. */
static int parse_document(struct qk_reader *r)
{
	xmlSAXHandler sax;
	const char *buf;
	ssize_t n, head;

	init_sax(&sax);
	r->depth = r->skip_depth = 0;
	r->root = r->cur = NULL;
	r->textlen = 0;
	memset(r->names, 0, sizeof r->names);	/* a new parser, a new dictionary */
	qk_arena_reset(r->doc_arena);
	n = read_block(r, &buf);
	if (n < 0)
		return -1;
	/* The parser is made with the first four bytes only (enough to detect
	 * the encoding): what it is made with is not parsed before the next
	 * chunk, and a record must not wait for more input to be written. */
	head = n < 4 ? n : 4;
	r->ctxt = xmlCreatePushParserCtxt(&sax, r, head > 0 ? buf : NULL,
	    (int)head, r->docname);
	if (r->ctxt == NULL) {
		fail(r, 0, 0, "out of memory");
		return -1;
	}
	xmlCtxtUseOptions(r->ctxt, PARSE_OPTIONS);
	current = r;
	if (n > head)
		xmlParseChunk(r->ctxt, buf + head, (int)(n - head), 0);
	while (n > 0 && !r->failed && !r->stopped) {
		n = read_block(r, &buf);
		if (n > 0)
			xmlParseChunk(r->ctxt, buf, (int)n, 0);
	}
	if (n == 0 && !r->failed && !r->stopped) {
		xmlParseChunk(r->ctxt, NULL, 0, 1);
		if (r->failed && r->depth > 0)
			truncated(r);
	}
	if (n == 0 && !r->failed && !r->stopped && !r->ctxt->wellFormed)
		fail(r, cur_line(r), 0, "document is not well-formed");
	if (n == 0 && !r->failed && !r->stopped && r->root == NULL)
		fail(r, cur_line(r), 0, "document has no root element");
	current = NULL;
	xmlFreeParserCtxt(r->ctxt);
	r->ctxt = NULL;
	if (n < 0)
		input_failed(r, r->docname);
	return r->failed ? -1 : 0;
}

/* Every document of the input, in order. */
static void read_documents(struct qk_reader *r)
{
	int k;

	while (!r->failed && !r->stopped && (k = qk_input_next(r->in, &r->docname)) != 0) {
		if (k < 0) {
			input_failed(r, "");
			break;
		}
		parse_document(r);
		if (r->pipe != NULL)
			pipe_drain(r->pipe);
	}
}

static void *parse_thread(void *arg)
{
	struct qk_reader *r = arg;
	struct pipe *p = r->pipe;

	read_documents(r);
	pthread_mutex_lock(&p->lock);
	p->done = 1;
	pthread_cond_signal(&p->can_get);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

static void pipe_free(struct pipe *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < PIPE_SLOTS; i++)
		qk_arena_free(p->slot[i].arena);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_get);
	free(p);
}

static struct pipe *pipe_new(void)
{
	struct pipe *p = calloc(1, sizeof *p);
	int i;

	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->can_put, NULL);
	pthread_cond_init(&p->can_get, NULL);
	for (i = 0; i < PIPE_SLOTS; i++)
		if ((p->slot[i].arena = qk_arena_new()) == NULL) {
			pipe_free(p);
			return NULL;
		}
	return p;
}

/* The next ready slot, or NULL when the parser has ended.  The consumer
 * waits when none is ready, after the before_read hook (the tool's output
 * so far reaches its reader while this one waits). */
static struct slot *pipe_next(struct qk_reader *r)
{
	struct pipe *p = r->pipe;
	struct slot *s = NULL;

	pthread_mutex_lock(&p->lock);
	if (p->count == 0 && !p->done && r->before_read != NULL) {
		pthread_mutex_unlock(&p->lock);
		r->before_read(r->read_arg);
		pthread_mutex_lock(&p->lock);
	}
	while (p->count == 0 && !p->done) {
		p->consumer_waits = 1;
		pthread_cond_wait(&p->can_get, &p->lock);
		p->consumer_waits = 0;
	}
	if (p->count > 0) {
		s = &p->slot[p->head];
		p->head = (p->head + 1) % PIPE_SLOTS;
		p->count--;
		p->bytes -= s->bytes;
		p->busy = 1;
	}
	pthread_mutex_unlock(&p->lock);
	return s;
}

/* The consumer is done with slot s; stop tells the parser to stop. */
static void pipe_release(struct pipe *p, struct slot *s, int stop)
{
	qk_arena_reset(s->arena);
	pthread_mutex_lock(&p->lock);
	p->busy = 0;
	if (stop)
		p->halt = 1;
	if (p->parser_waits && (stop || p->count <= PIPE_SLOTS / 2 ||
	    p->bytes <= PIPE_BYTES / 2))
		pthread_cond_signal(&p->can_put);
	pthread_mutex_unlock(&p->lock);
}

/* qk_reader_run with the parse on a thread of its own: the records reach
 * fn on this thread, in order, as they would in one. */
static int run_pipelined(struct qk_reader *r, struct pipe *p)
{
	struct qk_arena *own = r->arena;
	struct slot *s;
	int res = 0;

	r->pipe = p;
	if (pthread_create(&p->thread, NULL, parse_thread, r) != 0) {
		r->pipe = NULL;
		pipe_free(p);
		read_documents(r);
		return r->stopped ? r->cb_result : r->failed ? -1 : 0;
	}
	while (res == 0 && (s = pipe_next(r)) != NULL) {
		if (s->rec != NULL)
			res = r->fn(r->arg, s->rec);
		else
			r->on_warn(r->warn_arg, r->docname, s->line, s->msg);
		pipe_release(p, s, res != 0);
	}
	pthread_join(p->thread, NULL);
	r->pipe = NULL;
	r->arena = own;
	pipe_free(p);
	if (res != 0)
		return res;
	return r->failed ? -1 : 0;
}

int qk_reader_run(struct qk_reader *r, int (*fn)(void *, struct qk_node *),
    void *arg)
{
	struct pipe *p;

	r->fn = fn;
	r->arg = arg;
	if (r->pipelined && r->recname != NULL && fn != NULL && (p = pipe_new()) != NULL)
		return run_pipelined(r, p);
	read_documents(r);
	if (r->stopped)
		return r->cb_result;
	return r->failed ? -1 : 0;
}

void qk_reader_pipeline(struct qk_reader *r, int on)
{
	r->pipelined = on;
}

const char *qk_reader_doc(const struct qk_reader *r)
{
	return r->docname;
}

const struct qk_node *qk_reader_root(const struct qk_reader *r)
{
	return r->root;
}

const char *qk_reader_error(const struct qk_reader *r, const char **file,
    long *line, long *col)
{
	if (file != NULL)
		*file = r->errfile[0] != '\0' ? r->errfile : NULL;
	if (line != NULL)
		*line = r->errline;
	if (col != NULL)
		*col = r->errcol;
	return r->err;
}

void qk_load_error_set(struct qk_load_error *e, const char *file, long line,
    const char *msg)
{
	snprintf(e->msg, sizeof e->msg, "%s", msg);
	snprintf(e->file, sizeof e->file, "%s", file);
	e->line = line;
	e->col = 0;
}

const char *qk_load_error_get(const struct qk_load_error *e,
    const char **file, long *line, long *col)
{
	if (e->msg[0] == '\0')
		return NULL;
	*file = e->file;
	*line = e->line;
	if (col != NULL)
		*col = e->col;
	return e->msg;
}

int qk_reader_load(const char *path, const char *rootname,
    struct qk_arena *arena, struct qk_node **root, struct qk_load_error *e)
{
	const char *paths[1];
	struct qk_input *in;
	struct qk_reader *r;
	int res;

	paths[0] = path;
	in = qk_input_new(paths, 1, 0);
	r = in != NULL ? qk_reader_new(in, rootname, NULL) : NULL;
	if (r == NULL) {
		qk_input_free(in);
		qk_load_error_set(e, path, 0, "out of memory");
		return -1;
	}
	res = qk_reader_run(r, NULL, NULL);
	if (res == 0) {
		*root = qk_node_copy(arena, r->root);
		if (*root == NULL) {
			res = -1;
			snprintf(r->err, sizeof r->err, "out of memory");
		}
	}
	if (res != 0) {
		const char *f, *msg;
		long line, col;

		msg = qk_reader_error(r, &f, &line, &col);
		qk_load_error_set(e, f != NULL ? f : path, line, msg);
		e->col = col;
	}
	qk_reader_free(r);
	qk_input_free(in);
	return res;
}
