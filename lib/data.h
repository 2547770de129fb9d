#ifndef QK_DATA_H
#define QK_DATA_H

/*
 * The data folder (tools.md, Reference data): QK_DATA when set, else
 * DIR/../share/qk where DIR holds the running executable, else the
 * share/qk of the source tree the program was built from.
 */
/* A malloc'd path of the folder, or NULL on ENOMEM. */
char *qk_data_dir(void);
/* A malloc'd path of name in the folder, or NULL on ENOMEM. */
char *qk_data_file(const char *name);

#endif
