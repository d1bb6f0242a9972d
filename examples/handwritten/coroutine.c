/* coroutine - run_until_complete() runs a coroutine (seed 002,
 * asyncio_coroutine.py), written by hand against the frame ABI.
 *
 *     async def coroutine():
 *         print("in coroutine")
 *
 * A coroutine without awaits is still a frame and a resume function; the
 * dispatch table has no resume points. */
#include <stdio.h>

#include "cio.h"

struct coroutine_frame {
    cio_coro_t co;
};

static int coroutine_resume(cio_coro_t *co, cio_task_t *task) {
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts("in coroutine");
    CIO_END(co)
}

static const cio_coro_desc_t coroutine_desc =
    CIO_DESC_INIT(struct coroutine_frame, "coroutine", __FILE__, __LINE__, 0,
                  NULL, coroutine_resume, NULL);

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    int rc;

    if (cio_loop_init(&loop) != 0)
        return 1;
    puts("Starting coroutine");
    /* "coro = coroutine()": fill a frame; here it lives in a task */
    if (cio_task_new(&loop, &coroutine_desc, &task) != 0)
        return 1;
    cio_coro_init((cio_coro_t *)cio_task_frame(task));
    cio_task_start(task, 0);
    puts("entering event loop");
    rc = cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    puts("closing event loop");
    cio_loop_close(&loop);
    return rc == 0 ? 0 : 1;
}
