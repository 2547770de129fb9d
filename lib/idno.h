#ifndef QK_IDNO_H
#define QK_IDNO_H

/*
 * Identity-number checks of formats.md (Applications): length, alphabet and
 * check character only.  Each returns 1 when valid, 0 otherwise.
 */
int qk_idno_person(const char *idno);		/* GB 11643, MOD 11-2 */
int qk_idno_org(const char *idno);		/* GB 32100, MOD 31 */
int qk_idno_foreign_pr(const char *idno);	/* 2023 and 2017 formats */
int qk_idno_document(const char *idno);		/* passport, permits */
/* The check for an applicant: kind, idtype (NULL when absent), idno.
 * -1 when kind/idtype is unknown, else 1 valid / 0 invalid. */
int qk_idno_check(const char *kind, const char *idtype, const char *idno);

#endif
