/* src/backend/poll.c - the portable POSIX backend: poll(2) over an array
 * of descriptors, a self-pipe to wake a poll in progress.
 *
 * io_data is an array of `struct pollfd` and io_data + io_cap of watcher
 * pointers (one allocation, grown by doubling through the loop's
 * allocator, the first time a watcher starts: a loop without watchers
 * polls only its self-pipe and allocates nothing). Slot 0 is the
 * self-pipe; a watcher knows its slot, so removal swaps the last slot into
 * its place in O(1). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "../internal.h"

#define FDS(loop) ((struct pollfd *)(loop)->io_data)
#define WATCHERS(loop) ((cio_io_t **)(void *)(FDS(loop) + (loop)->io_cap))

static size_t bytes_for(size_t cap) {
    return cap * (sizeof(struct pollfd) + sizeof(cio_io_t *));
}

static int grow(cio_loop_t *loop) {
    size_t cap = loop->io_cap ? loop->io_cap * 2 : 16;
    struct pollfd *fds = (struct pollfd *)cio__alloc(loop, bytes_for(cap));
    cio_io_t **ws;
    if (fds == NULL)
        return CIO_ENOMEM;
    ws = (cio_io_t **)(void *)(fds + cap);
    if (loop->io_data != NULL) {
        memcpy(fds, FDS(loop), loop->io_count * sizeof *fds);
        memcpy(ws, WATCHERS(loop), loop->io_count * sizeof *ws);
        cio__free(loop, loop->io_data, bytes_for(loop->io_cap));
    } else {
        fds[0].fd = loop->wake_fd[0];
        fds[0].events = POLLIN;
        fds[0].revents = 0;
        ws[0] = NULL;
        loop->io_count = 1;
    }
    loop->io_data = fds;
    loop->io_cap = cap;
    return 0;
}

static int set_flags(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    fl = fcntl(fd, F_GETFD);
    if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}

int cio__io_init(cio_loop_t *loop) {
    int rc;
    if (pipe(loop->wake_fd) < 0)
        return CIO_FROM_ERRNO(errno);
    if (set_flags(loop->wake_fd[0]) < 0 || set_flags(loop->wake_fd[1]) < 0) {
        rc = CIO_FROM_ERRNO(errno);
        goto fail;
    }
    return 0;
fail:
    close(loop->wake_fd[0]);
    close(loop->wake_fd[1]);
    loop->wake_fd[0] = loop->wake_fd[1] = -1;
    return rc;
}

void cio__io_close(cio_loop_t *loop) {
    if (loop->wake_fd[0] >= 0) {
        close(loop->wake_fd[0]);
        close(loop->wake_fd[1]);
    }
    loop->wake_fd[0] = loop->wake_fd[1] = -1;
    cio__free(loop, loop->io_data, bytes_for(loop->io_cap));
    loop->io_data = NULL;
    loop->io_cap = loop->io_count = 0;
}

void cio__io_wakeup(cio_loop_t *loop) {
    char c = 1;
    ssize_t n;
    do
        n = write(loop->wake_fd[1], &c, 1);
    while (n < 0 && errno == EINTR);
    /* EAGAIN: the pipe is full, the loop will wake anyway */
}

static int to_ms(cio_time_t timeout) {
    cio_time_t ms;
    if (timeout < 0)
        return -1;
    ms = (timeout + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int cio__io_poll(cio_loop_t *loop, cio_time_t timeout) {
    struct pollfd wake_only;
    size_t i, count = loop->io_count;
    struct pollfd *fds = FDS(loop);
    int n;
    if (fds == NULL) { /* no watcher ever started */
        wake_only.fd = loop->wake_fd[0];
        wake_only.events = POLLIN;
        wake_only.revents = 0;
        fds = &wake_only;
        count = 1;
    }
    n = poll(fds, (nfds_t)count, to_ms(timeout));
    if (n < 0)
        return errno == EINTR ? 0 : CIO_FROM_ERRNO(errno);
    for (i = 0; i < count && n > 0; i++) {
        cio_io_t *w;
        unsigned ev = 0;
        short re = fds[i].revents;
        if (re == 0)
            continue;
        n--;
        if (i == 0) {
            char buf[64];
            while (read(loop->wake_fd[0], buf, sizeof buf) > 0) {
            }
            continue;
        }
        w = WATCHERS(loop)[i]; /* i > 0: the array exists */
        if (re & (POLLIN | POLLPRI))
            ev |= CIO_IO_READABLE;
        if (re & POLLOUT)
            ev |= CIO_IO_WRITABLE;
        if (re & (POLLERR | POLLHUP | POLLNVAL))
            ev |= CIO_IO_ERROR | (w->events & (CIO_IO_READABLE | CIO_IO_WRITABLE));
        w->revents |= ev;
        if (!cio_node_linked(&w->node))
            cio_list_push_back(&loop->ready, &w->node);
    }
    return 0;
}

int cio__io_update(cio_loop_t *loop, cio_io_t *w, unsigned events) {
    short pev = 0;
    if (events & CIO_IO_READABLE)
        pev |= POLLIN;
    if (events & CIO_IO_WRITABLE)
        pev |= POLLOUT;
    if (events == 0) {
        if (w->events != 0) {
            size_t last = --loop->io_count;
            if (w->slot != last) {
                FDS(loop)[w->slot] = FDS(loop)[last];
                WATCHERS(loop)[w->slot] = WATCHERS(loop)[last];
                WATCHERS(loop)[w->slot]->slot = w->slot;
            }
        }
        return 0;
    }
    if (w->events == 0) {
        if (loop->io_data == NULL || loop->io_count == loop->io_cap) {
            int rc = grow(loop);
            if (rc < 0)
                return rc;
        }
        w->slot = loop->io_count++;
        FDS(loop)[w->slot].fd = w->fd;
        WATCHERS(loop)[w->slot] = w;
    }
    FDS(loop)[w->slot].events = pev;
    FDS(loop)[w->slot].revents = 0;
    return 0;
}

const char *cio_backend_name(void) { return "poll"; }
