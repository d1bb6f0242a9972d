/* cio/io.h - file descriptor readiness (libuv's uv_poll_t).
 *
 * A watcher asks the loop's backend (epoll or poll) to report when a file
 * descriptor becomes readable or writable. Reported readiness is queued on
 * the ready queue in the poll phase and the callback runs with the other
 * ready entries of that iteration (CPython's add_reader/add_writer).
 * Watchers are level-triggered: the callback runs every iteration while the
 * descriptor stays ready and the watcher is started.
 *
 *     cio_io_t w;
 *     cio_io_init(&loop, &w, fd, on_ready, ctx);
 *     cio_io_start(&w, CIO_IO_READABLE);
 *     ...
 *     cio_io_stop(&w);
 *
 * Not available with the `none` backend (returns CIO_ENOSYS).
 */
#ifndef CIO_IO_H
#define CIO_IO_H

#include <stdint.h>

#include "cio/list.h"
#include "cio/loop.h"

#define CIO_IO_READABLE 0x1u
#define CIO_IO_WRITABLE 0x2u
#define CIO_IO_ERROR 0x4u /* error or hang-up; reported with either event */

/** Readiness callback: `events` is a mask of CIO_IO_*. */
typedef void (*cio_io_cb)(cio_io_t *w, unsigned events);

/** A watcher. Fields are private. */
struct cio_io_s {
    cio_node_t node;   /* ready queue */
    cio_loop_t *loop;
    uint8_t kind;      /* private: same offset as in cio_handle_t */
    uint8_t active;
    uint16_t reserved;
    uint32_t events;   /* wanted */
    uint32_t revents;  /* reported, pending delivery */
    int fd;
    size_t slot;       /* poll backend: index in its array */
    cio_io_cb cb;
    void *data;        /* for the user */
};

/** Prepare a watcher for `fd` (not started). */
void cio_io_init(cio_loop_t *loop, cio_io_t *w, int fd, cio_io_cb cb,
                 void *data);
/** Start or change watching: `events` is CIO_IO_READABLE and/or
 *  CIO_IO_WRITABLE. Returns 0, CIO_EINVAL, CIO_ENOSYS, CIO_ENOMEM, or a
 *  negative errno from the backend. */
int cio_io_start(cio_io_t *w, unsigned events);
/** Stop watching; a pending callback will not run. Returns 0. */
int cio_io_stop(cio_io_t *w);

#endif /* CIO_IO_H */
