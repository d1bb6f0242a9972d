/* src/backend/epoll.c - the Linux backend: epoll for readiness, an eventfd
 * to wake a poll in progress (call_soon_threadsafe).
 *
 * Each watcher is registered with its pointer as the event data; the
 * eventfd is registered with NULL. Readiness is level-triggered. */
#define _GNU_SOURCE

#include <limits.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <errno.h>

#include "../internal.h"

#define MAX_EVENTS 256

int cio__io_init(cio_loop_t *loop) {
    struct epoll_event ev;
    loop->io_fd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->io_fd < 0)
        return CIO_FROM_ERRNO(errno);
    loop->wake_fd[0] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->wake_fd[0] < 0) {
        int err = errno;
        close(loop->io_fd);
        loop->io_fd = -1;
        return CIO_FROM_ERRNO(err);
    }
    ev.events = EPOLLIN;
    ev.data.ptr = NULL;
    if (epoll_ctl(loop->io_fd, EPOLL_CTL_ADD, loop->wake_fd[0], &ev) < 0) {
        int err = errno;
        close(loop->wake_fd[0]);
        close(loop->io_fd);
        loop->io_fd = loop->wake_fd[0] = -1;
        return CIO_FROM_ERRNO(err);
    }
    return 0;
}

void cio__io_close(cio_loop_t *loop) {
    if (loop->wake_fd[0] >= 0)
        close(loop->wake_fd[0]);
    if (loop->io_fd >= 0)
        close(loop->io_fd);
    loop->io_fd = loop->wake_fd[0] = -1;
}

void cio__io_wakeup(cio_loop_t *loop) {
    uint64_t one = 1;
    ssize_t n;
    do
        n = write(loop->wake_fd[0], &one, sizeof one);
    while (n < 0 && errno == EINTR);
    /* EAGAIN: the counter is already nonzero, the loop will wake */
}

static int to_ms(cio_time_t timeout) {
    cio_time_t ms;
    if (timeout < 0)
        return -1;
    ms = (timeout + 999999) / 1000000; /* round up: never wake too early */
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int cio__io_poll(cio_loop_t *loop, cio_time_t timeout) {
    struct epoll_event events[MAX_EVENTS];
    int i, n;

    n = epoll_wait(loop->io_fd, events, MAX_EVENTS, to_ms(timeout));
    if (n < 0)
        return errno == EINTR ? 0 : CIO_FROM_ERRNO(errno);
    for (i = 0; i < n; i++) {
        cio_io_t *w = (cio_io_t *)events[i].data.ptr;
        unsigned ev = 0;
        if (w == NULL) {
            uint64_t count;
            ssize_t r = read(loop->wake_fd[0], &count, sizeof count);
            (void)r;
            continue;
        }
        if (events[i].events & (EPOLLIN | EPOLLPRI))
            ev |= CIO_IO_READABLE;
        if (events[i].events & EPOLLOUT)
            ev |= CIO_IO_WRITABLE;
        if (events[i].events & (EPOLLERR | EPOLLHUP))
            ev |= CIO_IO_ERROR | (w->events & (CIO_IO_READABLE | CIO_IO_WRITABLE));
        w->revents |= ev;
        if (!cio_node_linked(&w->node))
            cio_list_push_back(&loop->ready, &w->node);
    }
    return 0;
}

int cio__io_update(cio_loop_t *loop, cio_io_t *w, unsigned events) {
    struct epoll_event ev;
    int op;
    if (events == 0) {
        if (w->events != 0 &&
            epoll_ctl(loop->io_fd, EPOLL_CTL_DEL, w->fd, NULL) < 0 &&
            errno != EBADF && errno != ENOENT)
            return CIO_FROM_ERRNO(errno);
        return 0;
    }
    ev.events = 0;
    if (events & CIO_IO_READABLE)
        ev.events |= EPOLLIN;
    if (events & CIO_IO_WRITABLE)
        ev.events |= EPOLLOUT;
    ev.data.ptr = w;
    op = w->events != 0 ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (epoll_ctl(loop->io_fd, op, w->fd, &ev) < 0)
        return CIO_FROM_ERRNO(errno);
    return 0;
}

const char *cio_backend_name(void) { return "epoll"; }
