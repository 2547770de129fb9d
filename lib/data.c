#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"

#ifndef QK_SRCDIR
#define QK_SRCDIR "."
#endif

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/../share/qk for the folder DIR of /proc/self/exe, if it exists. */
static char *beside_exe(void)
{
	char exe[PATH_MAX], *slash, *dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	dir = malloc(strlen(exe) + sizeof "/../share/qk");
	if (dir == NULL)
		return NULL;
	sprintf(dir, "%s/../share/qk", exe);
	if (is_dir(dir))
		return dir;
	free(dir);
	return NULL;
}

char *qk_data_dir(void)
{
	const char *env = getenv("QK_DATA");
	char *dir;

	if (env != NULL && *env != '\0')
		return strdup(env);
	dir = beside_exe();
	if (dir != NULL)
		return dir;
	return strdup(QK_SRCDIR "/share/qk");
}

char *qk_data_file(const char *name)
{
	char *dir = qk_data_dir(), *path;

	if (dir == NULL)
		return NULL;
	path = malloc(strlen(dir) + strlen(name) + 2);
	if (path != NULL)
		sprintf(path, "%s/%s", dir, name);
	free(dir);
	return path;
}
