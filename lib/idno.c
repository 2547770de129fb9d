#include <stddef.h>
#include <string.h>

#include "idno.h"

/* The 31 characters of GB 32100, in the order of their values 0-30. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_alnum(char c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

/* 1 when s has exactly n characters (reading at most n + 1 of them). */
static int has_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0')
			return 0;
	return s[n] == '\0';
}

/* ISO 7064 MOD 11-2 over 17 digits and a check character (X for 10). */
static int mod11_2(const char *s)
{
	static const char check[] = "10X98765432";
	int i, sum = 0, w = 1;
	char c;

	for (i = 16; i >= 0; i--) {
		w = w * 2 % 11;
		if (!is_digit(s[i]))
			return 0;
		sum += (s[i] - '0') * w;
	}
	c = s[17] == 'x' ? 'X' : s[17];
	return c == check[sum % 11];
}

int qk_idno_person(const char *idno)
{
	return idno != NULL && has_len(idno, 18) && mod11_2(idno);
}

/* The value of a character of the GB 32100 alphabet, or -1. */
static int uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(uscc_alphabet, c);
	return p != NULL ? (int)(p - uscc_alphabet) : -1;
}

int qk_idno_org(const char *idno)
{
	static const int weight[17] = {
		1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
	};
	int i, sum = 0, v, check;

	if (idno == NULL || !has_len(idno, 18))
		return 0;
	for (i = 0; i < 17; i++) {
		if ((v = uscc_value(idno[i])) < 0)
			return 0;
		sum += v * weight[i];
	}
	check = (31 - sum % 31) % 31;
	return uscc_value(idno[17]) == check;
}

/* The 2017 format: three letters A-Z and twelve digits, no check. */
static int foreign_pr_2017(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!is_upper(s[i]))
			return 0;
	for (i = 3; i < 15; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

int qk_idno_foreign_pr(const char *idno)
{
	if (idno == NULL)
		return 0;
	if (has_len(idno, 18))
		return idno[0] == '9' && mod11_2(idno);
	return has_len(idno, 15) && foreign_pr_2017(idno);
}

int qk_idno_document(const char *idno)
{
	size_t n;

	if (idno == NULL)
		return 0;
	for (n = 0; idno[n] != '\0'; n++)
		if (n >= 32 || !is_alnum(idno[n]))
			return 0;
	return n > 0;
}

/* Dispatches on kind and, for kind other, on idtype. */
int qk_idno_check(const char *kind, const char *idtype, const char *idno)
{
	if (kind == NULL)
		return -1;
	if (strcmp(kind, "person") == 0)
		return qk_idno_person(idno);
	if (strcmp(kind, "org") == 0)
		return qk_idno_org(idno);
	if (strcmp(kind, "other") != 0 || idtype == NULL)
		return -1;
	if (strcmp(idtype, "foreign-pr") == 0)
		return qk_idno_foreign_pr(idno);
	if (strcmp(idtype, "passport") == 0 ||
	    strcmp(idtype, "hkmo-permit") == 0 ||
	    strcmp(idtype, "tw-permit") == 0)
		return qk_idno_document(idno);
	return -1;
}
