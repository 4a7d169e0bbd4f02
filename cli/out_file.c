/* Output files written whole or not at all (cli.h): a temporary file beside
 * the target, renamed over it only when everything was written. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static mode_t process_umask;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;

/* umask can only be read by setting it: once per process, restored at
 * once (pthread_once: no other thread sees the temporary value through
 * this function). */
static void read_umask(void)
{
	process_umask = umask(0);
	umask(process_umask);
}

/* The mode fopen(path, "w") would leave: an existing file keeps its
 * permissions; a new one gets 0666 minus the umask (POSIX open(2)). */
static mode_t output_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	pthread_once(&umask_once, read_umask);
	return 0666 & ~process_umask;
}

int cli_out_open(cli_out *o, const char *path, bool dash_is_stdout)
{
	memset(o, 0, sizeof *o);
	o->path = path;
	if (dash_is_stdout && strcmp(path, "-") == 0) {
		o->f = stdout;
		return CLI_EXIT_OK;
	}
	/* A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written
	 * in place: renaming a file over it would replace the device. */
	/* A symbolic link is written in place too: a rename would replace
	 * the link itself, not the file it names. */
	struct stat sb, lsb;
	bool link = lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode);
	if (stat(path, &sb) == 0 && (link || !S_ISREG(sb.st_mode))) {
		if (S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "capisim: error: %s is a folder\n",
			        path);
			return CLI_EXIT_USAGE;
		}
		if (!(o->f = fopen(path, "w"))) {
			fprintf(stderr, "capisim: error: cannot open %s: %s\n",
			        path, strerror(errno));
			return CLI_EXIT_USAGE;
		}
		o->direct = true;
		return CLI_EXIT_OK;
	}
	size_t n = strlen(path) + 16;
	if (!(o->tmp = malloc(n)))
		return CLI_EXIT_INTERNAL;
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		fprintf(stderr, "capisim: error: cannot create %s: %s\n", path,
		        strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return CLI_EXIT_USAGE;
	}
	/* mkstemp makes the file 0600; give it the mode of a normal output */
	if (fchmod(fd, output_mode(path)) != 0 || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr, "capisim: error: cannot set up %s: %s\n",
		        o->tmp, strerror(errno));
		close(fd);
		remove(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

void cli_out_abort(cli_out *o)
{
	if (o->direct && o->f)
		fclose(o->f);
	if (o->tmp) {
		if (o->f)
			fclose(o->f);
		remove(o->tmp);
		free(o->tmp);
	}
	memset(o, 0, sizeof *o);
}

int cli_out_commit(cli_out *o, cs_status st)
{
	if (!o->f)
		return CLI_EXIT_OK;
	if (o->direct) {
		if (fclose(o->f) != 0 && st == CS_OK)
			st = CS_ERR_IO;
		o->f = NULL;
	} else if (!o->tmp) { /* stdout */
		if (st == CS_OK && fflush(stdout) != 0)
			st = CS_ERR_IO;
	} else {
		if (fclose(o->f) != 0 && st == CS_OK)
			st = CS_ERR_IO;
		o->f = NULL;
		if (st == CS_OK && rename(o->tmp, o->path) != 0)
			st = CS_ERR_IO;
	}
	if (st != CS_OK)
		fprintf(stderr, "capisim: error: cannot write %s: %s\n",
		        o->path,
		        st == CS_ERR_IO ? strerror(errno) : cs_status_str(st));
	cli_out_abort(o); /* removes the temporary file if it is still there */
	return st == CS_OK       ? CLI_EXIT_OK
	       : st == CS_ERR_IO ? CLI_EXIT_USAGE
	                         : CLI_EXIT_INTERNAL;
}

int cli_write_atomic(const char *path, cli_writer write, void *ctx)
{
	cli_out o;
	int rc = cli_out_open(&o, path, false);
	return rc != CLI_EXIT_OK ? rc : cli_out_commit(&o, write(o.f, ctx));
}

/* The folder resolved (realpath) and the name: a path that need not exist
 * yet, made comparable. NULL when the folder does not exist. */
static char *resolve(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
	    slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL;
	const char *name = slash ? slash + 1 : path;
	size_t n = real ? strlen(real) + strlen(name) + 2 : 0;
	char *out = real ? malloc(n) : NULL;
	if (out)
		snprintf(out, n, "%s/%s", real, name);
	free(dir);
	free(real);
	return out;
}

bool cli_same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	char *ra = resolve(a), *rb = resolve(b);
	bool same = ra && rb && strcmp(ra, rb) == 0;
	free(ra);
	free(rb);
	return same;
}
