/* call_later - callbacks run by deadline, call_soon first (seed 002,
 * asyncio_call_later.py), by hand.
 *
 *     loop.call_later(0.2, callback, 1)
 *     loop.call_later(0.1, callback, 2)
 *     loop.call_soon(callback, 3)
 *     await asyncio.sleep(0.4)                                            */
#include <stdio.h>

#include "cio.h"

static void callback(void *n) { printf("callback %d invoked\n", *(const int *)n); }

static const int one = 1, two = 2, three = 3;

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    struct cio_sleep_frame s1;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("registering callbacks");
    /* NULL handle: the loop allocates one that frees itself */
    if (cio_loop_call_later(f->loop, NULL, CIO_MS(200), callback, (void *)&one) ||
        cio_loop_call_later(f->loop, NULL, CIO_MS(100), callback, (void *)&two) ||
        cio_loop_call_soon(f->loop, NULL, callback, (void *)&three))
        CIO_RETURN(co, (void)0);
    cio_sleep_init(&f->s1, CIO_MS(400));
    CIO_AWAIT(task, co, 1, &main_desc, cio_sleep_resume, &f->s1.co);
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct main_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    puts("entering event loop");
    if (cio_task_new(&loop, &main_desc, &task) != 0)
        return 1;
    f = (struct main_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->loop = &loop;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    puts("closing event loop");
    cio_loop_close(&loop);
    return 0;
}
