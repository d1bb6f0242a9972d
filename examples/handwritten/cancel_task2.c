/* cancel_task2 - a sleeping task is cancelled by a callback, catches the
 * cancellation, re-raises; the awaiter sees it (seed 002,
 * async_cancel_task2.py), by hand.
 *
 *     async def task_func():
 *         print("in task_func, sleeping")
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print("task_func was canceled")
 *             raise
 *         return "the result"                                            */
#include <stdio.h>

#include "cio.h"

struct task_func_frame {
    cio_coro_t co;
    int ret;
    struct cio_sleep_frame s1;
};
static int task_func_resume(cio_coro_t *co, cio_task_t *task);
static int task_func_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct task_func_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t task_func_desc =
    CIO_DESC_INIT(struct task_func_frame, "task_func", __FILE__, __LINE__, 1,
                  NULL, task_func_resume, task_func_result);
static int task_func_resume(cio_coro_t *co, cio_task_t *task) {
    struct task_func_frame *f = (struct task_func_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("in task_func, sleeping");
    cio_sleep_init(&f->s1, CIO_SEC(1));
    CIO_AWAIT(task, co, 1, &task_func_desc, cio_sleep_resume, &f->s1.co);
    if (f->s1.ret == CIO_ECANCELED) {
        puts("task_func was canceled");
        CIO_RETURN(co, f->ret = CIO_ECANCELED); /* re-raise */
    }
    CIO_RETURN(co, f->ret = 0);
}

static void task_canceller(void *t) {
    puts("in task_canceller");
    cio_task_cancel((cio_task_t *)t);
    puts("canceled the task");
}

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    cio_task_t *task;
    struct cio_task_wait_frame w;
};
static int main_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t main_desc = CIO_DESC_INIT(
    struct main_frame, "main", __FILE__, __LINE__, 1, NULL, main_resume, NULL);

static int main_resume(cio_coro_t *co, cio_task_t *task) {
    struct main_frame *f = (struct main_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("creating task");
    if (cio_task_new(f->loop, &task_func_desc, &f->task) != 0)
        CIO_RETURN(co, (void)0);
    cio_coro_init((cio_coro_t *)cio_task_frame(f->task));
    cio_task_start(f->task, 0);
    if (cio_loop_call_soon(f->loop, NULL, task_canceller, f->task) == 0) {
        cio_task_wait_init(&f->w, f->task);
        CIO_AWAIT(task, co, 1, &main_desc, cio_task_wait_resume, &f->w.co);
        if (f->w.ret == CIO_ECANCELED)
            puts("main() also sees task as canceled");
    }
    cio_task_release(f->task);
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
