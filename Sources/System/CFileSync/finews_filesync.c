#define _GNU_SOURCE
#include <unistd.h>
#include "finews_filesync.h"

int finews_syncfs(int fd) {
    return syncfs(fd);
}
