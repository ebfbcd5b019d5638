/*
 * read.h - files read into a lint call, and how their folders relate.
 */
#ifndef HC_READ_FILES_H
#define HC_READ_FILES_H

#include "scan/call.h"

/* Reads the file at path (at most max bytes) as a new file of the call,
 * named shown.  Returns its index, or -1 with *rc set (HARDCONF_EIO, err
 * says why; HARDCONF_ENOMEM). */
long read_as(struct lint *l, const char *path, const char *shown, size_t max, enum file_role role,
	     hardconf_error *err, int *rc);

/* The same from a file already open (fd, closed in every case). */
long read_fd_as(struct lint *l, int fd, const char *shown, size_t max, enum file_role role,
		hardconf_error *err, int *rc);

/* The same, named as read, at most the linter's maximum file size. */
long read_file(struct lint *l, const char *path, enum file_role role, hardconf_error *err, int *rc);

/* The same for a parent, streamed when it is large (source/stream.h,
 * PARENT_STREAM_FROM): read once for many files, it is kept in flat
 * memory.  Not for a file a transform is applied to (a whole text) or one
 * the caller has in memory. */
long read_parent_file(struct lint *l, const char *path, hardconf_error *err, int *rc);

/* The directory part of path ("." when there is none), malloc'd. */
char *dir_of(const char *path);

/* The rest of dir below folder ("" the same, "a/b" below it), or NULL. */
const char *path_below(const char *folder, const char *dir);

/* Where the target lies below a parent's folder: *scope "" for the same
 * folder, "a/b" below it, NULL when it does not lie below it.  Plain paths
 * (as a directory walk makes them) are compared as they are written: the
 * names IIS sees; others after realpath().  Returns HARDCONF_OK or
 * HARDCONF_ENOMEM. */
int folder_below(const char *parent, const char *target, char **scope);

/* Whether the file at path is named web.config (in any letter case). */
int is_web_config(const char *path);

#endif
