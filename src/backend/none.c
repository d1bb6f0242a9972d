/* src/backend/none.c - the bare-metal backend: no file descriptors.
 *
 * Waiting is the port's idle hook (cio/port.h), bounded by the next timer;
 * cio_loop_call_soon_threadsafe() (e.g. from an interrupt handler) ends the
 * wait through cio_port_wakeup(). */
#include "../internal.h"
#include "cio/port.h"

int cio__io_init(cio_loop_t *loop) {
    (void)loop;
    return 0;
}

void cio__io_close(cio_loop_t *loop) { (void)loop; }

void cio__io_wakeup(cio_loop_t *loop) {
    (void)loop;
    cio_port_wakeup();
}

int cio__io_poll(cio_loop_t *loop, cio_time_t timeout) {
    if (timeout != 0 && !cio__threadsafe_pending(loop))
        cio_port_idle(timeout);
    return 0;
}

int cio__io_update(cio_loop_t *loop, cio_io_t *w, unsigned events) {
    (void)loop;
    (void)w;
    (void)events;
    return CIO_ENOSYS;
}

const char *cio_backend_name(void) { return "none"; }
