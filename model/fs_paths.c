/* Folders that are views of the machine's state (model/fs_paths.h). */
#include "model/fs_paths.h"

#include <stdio.h>
#include <string.h>

#include "model/ascii.h"

/* Consume prefix p (case-insensitive) from *s; true when it was there. */
static bool eat(const char **s, const char *p)
{
	size_t n = strlen(p);
	if (!cs_ascii_prefix_ieq(*s, p, n))
		return false;
	*s += n;
	return true;
}

static bool eat_windir(const char **s)
{
	return eat(s, "%windir%") || eat(s, "%SystemRoot%") ||
	       eat(s, "C:\\Windows");
}

/* A user name up to the next backslash. */
static bool eat_name(const char **s, char *out, size_t cap)
{
	size_t n = strcspn(*s, "\\");
	if (!n || n >= cap)
		return false;
	memcpy(out, *s, n);
	out[n] = '\0';
	*s += n;
	return true;
}

/* The profile folder at the start of *s: the account whose profile it is. */
static cs_status eat_profile(cs_world *w, const char **s, cs_account *acct)
{
	const char *p = *s;
	char name[CS_ACCOUNT_NAME_MAX], full[CS_ACCOUNT_NAME_MAX + 8];
	if (eat_windir(&p)) {
		if (eat(&p, "\\System32\\config\\systemprofile")) {
			*acct = CS_ACCOUNT_SYSTEM;
		} else if (eat(&p, "\\ServiceProfiles\\LocalService")) {
			*acct = CS_ACCOUNT_LOCAL_SERVICE;
		} else if (eat(&p, "\\ServiceProfiles\\NetworkService")) {
			*acct = CS_ACCOUNT_NETWORK_SERVICE;
		} else {
			return CS_ERR_NOT_FOUND;
		}
		*s = p;
		return CS_OK;
	}
	if (eat(&p, "%USERPROFILE%")) {
		*acct = w->acting;
		*s = p;
		return CS_OK;
	}
	if (!eat(&p, "C:\\Users\\") && !eat(&p, "C:\\Documents and Settings\\"))
		return CS_ERR_NOT_FOUND;
	if (!eat_name(&p, name, sizeof name))
		return CS_ERR_NOT_FOUND;
	if (cs_ascii_ieq(name, "LocalService"))
		*acct = CS_ACCOUNT_LOCAL_SERVICE;
	else if (cs_ascii_ieq(name, "NetworkService"))
		*acct = CS_ACCOUNT_NETWORK_SERVICE;
	else {
		snprintf(full, sizeof full, "user:%s", name);
		cs_status st = cs_world_account(w, full, acct);
		if (st != CS_OK)
			return st == CS_ERR_LIMIT ? st : CS_ERR_NOT_FOUND;
	}
	*s = p;
	return CS_OK;
}

/* "" or "\*" or "\*.*" at the end: the folder itself or its files. */
static bool eat_end(const char *s, bool *files)
{
	*files = strcmp(s, "\\*") == 0 || strcmp(s, "\\*.*") == 0;
	return *files || s[0] == '\0' || strcmp(s, "\\") == 0;
}

cs_status cs_fs_resolve(cs_world *w, const char *path, cs_fs_target *out)
{
	memset(out, 0, sizeof *out);
	const char *p = path;
	if (eat_windir(&p) && eat(&p, "\\SoftwareDistribution") &&
	    eat_end(p, &out->files)) {
		out->kind = CS_FS_WU_DATASTORE;
		out->part = "";
		return CS_OK;
	}
	p = path;
	cs_status st = eat_profile(w, &p, &out->account);
	if (st != CS_OK)
		return st;
	if (eat(&p, "\\AppData\\LocalLow\\Microsoft\\X509Objects") ||
	    eat(&p, "\\Application Data\\Microsoft\\X509Objects")) {
		out->kind = CS_FS_X509OBJECTS;
		out->part = "";
		return eat_end(p, &out->files) ? CS_OK : CS_ERR_NOT_FOUND;
	}
	if (!eat(&p, "\\AppData\\LocalLow\\Microsoft\\CryptnetUrlCache") &&
	    !eat(&p, "\\Application Data\\Microsoft\\CryptnetUrlCache"))
		return CS_ERR_NOT_FOUND;
	out->kind = CS_FS_URLCACHE;
	out->part = "";
	if (eat(&p, "\\Content"))
		out->part = "Content";
	else if (eat(&p, "\\MetaData"))
		out->part = "MetaData";
	return eat_end(p, &out->files) ? CS_OK : CS_ERR_NOT_FOUND;
}
