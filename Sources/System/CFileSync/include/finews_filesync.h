#ifndef FINEWS_FILESYNC_H
#define FINEWS_FILESYNC_H

/// syncfs(2): writes back everything of the file system holding `fd` and commits its journal once.
/// Glibc declares it only under _GNU_SOURCE, which Swift's Glibc module is not built with.
int finews_syncfs(int fd);

#endif
