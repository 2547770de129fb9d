#include <string.h>

#include "arena.h"
#include "mask.h"
#include "node.h"

/* The byte length of the first n characters of s (UTF-8). */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] != '\0' && n > 0) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static size_t characters(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The bytes of the masked value: head and tail bytes kept, stars. */
static void mask_span(const char *s, size_t head, size_t tail, size_t *h,
    size_t *stars, size_t *t)
{
	size_t n = characters(s), len = strlen(s);

	if (n <= head + tail)
		head = tail = 0;
	*stars = n - head - tail;
	*h = prefix_bytes(s, head);
	*t = len - prefix_bytes(s, n - tail);
}

void qk_mask_into(const char *s, size_t head, size_t tail, char *out,
    size_t outlen)
{
	size_t h, stars, t, i, o = 0;

	if (outlen == 0)
		return;
	mask_span(s, head, tail, &h, &stars, &t);
	if (h + stars + t + 1 > outlen) {	/* never a cut character */
		out[0] = '\0';
		return;
	}
	memcpy(out, s, h);
	o = h;
	for (i = 0; i < stars; i++)
		out[o++] = '*';
	memcpy(out + o, s + strlen(s) - t, t);
	out[o + t] = '\0';
}

char *qk_mask_text(struct qk_arena *a, const char *s, size_t head, size_t tail)
{
	size_t h, stars, t;
	char *out;

	mask_span(s, head, tail, &h, &stars, &t);
	out = qk_arena_alloc(a, h + stars + t + 1);
	if (out != NULL)
		qk_mask_into(s, head, tail, out, h + stars + t + 1);
	return out;
}

static int mask_applicant(struct qk_arena *a, struct qk_node *who)
{
	int i;

	for (i = 0; i < who->nattr; i++) {
		struct qk_attr *at = &who->attr[i];
		const char *v = at->value;

		if (at->atom == QK_idno)
			v = qk_mask_text(a, at->value, 4, 4);
		else if (at->atom == QK_phone)
			v = qk_mask_text(a, at->value, 3, 4);
		else if (at->atom == QK_name)
			v = qk_mask_text(a, at->value, 1, 0);
		if (v == NULL)
			return -1;
		at->value = v;
	}
	return 0;
}

int qk_mask_case(struct qk_arena *a, struct qk_node *casenode)
{
	struct qk_node *app, *who;

	for (app = qk_child(casenode, QK_application); app != NULL;
	    app = qk_next(app, QK_application))
		for (who = qk_child(app, QK_applicant); who != NULL;
		    who = qk_next(who, QK_applicant))
			if (mask_applicant(a, who) < 0)
				return -1;
	return 0;
}
