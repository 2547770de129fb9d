/*
 * Replays inputs through a fuzz harness without libFuzzer: each operand
 * (a file, or a folder of files) is read whole and handed to
 * LLVMFuzzerTestOneInput() once.  Used by make check
 * (tests/0105-fuzz-regress.t) on the kept inputs and the seed corpus.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			unsigned char *p = realloc(data, cap = cap * 2 + 4096);

			if (p == NULL) {
				fclose(f);
				free(data);
				fprintf(stderr, "%s: out of memory\n", path);
				return -1;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (d == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char **p;

		if (e->d_name[0] == '.')
			continue;
		p = realloc(names, (n + 1) * sizeof *names);
		if (p == NULL || (p[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
			free(p != NULL ? p : names);
			closedir(d);
			return -1;
		}
		names = p;
		sprintf(names[n++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		if (rc == 0 && run_file(names[i]) < 0)
			rc = -1;
		(*count)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	long count = 0;
	struct stat st;
	int i;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) < 0)
				return 2;
		} else if (run_file(argv[i]) < 0) {
			return 2;
		} else {
			count++;
		}
	}
	printf("%ld inputs\n", count);
	return 0;
}
