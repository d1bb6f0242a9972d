/* future_await - a coroutine awaits a future resolved by a callback (seed
 * 002, asyncio_future_await.py), by hand.
 *
 *     all_done = asyncio.Future()
 *     loop.call_soon(mark_done, all_done, 'the result')
 *     result = await all_done                                             */
#include <stdio.h>

#include "cio.h"

static void mark_done(void *p) {
    puts("setting future result to 'the result'");
    cio_future_set_result_ptr((cio_future_t *)p, "the result");
}

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    cio_future_t all_done; /* a future can live in the frame too */
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    int rc;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    cio_future_init(&f->all_done, f->loop);
    puts("scheduling mark_done");
    if (cio_loop_call_soon(f->loop, NULL, mark_done, &f->all_done) != 0)
        CIO_RETURN(co, (void)0);
    /* the awaiting task is linked into the future: no allocation */
    CIO_AWAIT_FUTURE(task, co, 1, &main_desc, &f->all_done, rc);
    if (rc == 0)
        printf("returned result '%s'\n",
               (const char *)cio_future_result_ptr(&f->all_done));
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct main_frame *f;

    if (cio_loop_init(&loop) != 0)
        return 1;
    if (cio_task_new(&loop, &main_desc, &task) != 0)
        return 1;
    f = (struct main_frame *)cio_task_frame(task);
    cio_coro_init(&f->co);
    f->loop = &loop;
    cio_task_start(task, 0);
    cio_loop_run_until_complete(&loop, cio_task_future(task));
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
