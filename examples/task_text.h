/* task_text.h - the seeds' portable stand-in for repr(task), shared by the
 * examples: "<Task STATE coro=NAME()>", STATE worded as CPython does. */
#ifndef EXAMPLES_TASK_TEXT_H
#define EXAMPLES_TASK_TEXT_H

#include <stdio.h>

#include "cio.h"

static inline const char *task_text(cio_task_t *t, char *buf, size_t size) {
    const char *state = cio_task_cancelled(t)    ? "cancelled"
                        : cio_task_done(t)       ? "finished"
                        : cio_task_cancelling(t) ? "cancelling"
                                                 : "pending";
    snprintf(buf, size, "<Task %s coro=%s()>", state, cio_task_desc(t)->name);
    return buf;
}

#endif
