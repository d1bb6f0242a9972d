/* src/io.c - file descriptor watchers, on top of the backend's
 * cio__io_update(). */
#include "internal.h"

void cio_io_init(cio_loop_t *loop, cio_io_t *w, int fd, cio_io_cb cb,
                 void *data) {
    cio_node_init(&w->node);
    w->kind = CIO__K_IO;
    w->active = 0;
    w->reserved = 0;
    w->events = 0;
    w->revents = 0;
    w->fd = fd;
    w->slot = 0;
    w->cb = cb;
    w->data = data;
    w->loop = loop;
}

int cio_io_start(cio_io_t *w, unsigned events) {
    int rc;
    events &= CIO_IO_READABLE | CIO_IO_WRITABLE;
    if (events == 0 || w->fd < 0 || w->cb == NULL)
        return CIO_EINVAL;
    if (w->loop->state == CIO__LOOP_CLOSED)
        return CIO_ECLOSED;
    if (events == w->events)
        return 0;
    rc = cio__io_update(w->loop, w, events);
    if (rc < 0)
        return rc;
    if (w->events == 0)
        w->loop->nwatchers++;
    w->events = events;
    w->active = 1;
    return 0;
}

int cio_io_stop(cio_io_t *w) {
    if (w->events != 0) {
        cio__io_update(w->loop, w, 0);
        w->loop->nwatchers--;
    }
    w->events = 0;
    w->active = 0;
    w->revents = 0;
    cio_node_unlink(&w->node);
    return 0;
}
