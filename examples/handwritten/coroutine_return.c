/* coroutine_return - run_until_complete() returns the coroutine's value
 * (seed 002, asyncio_coroutine_return.py), by hand.
 *
 *     async def coroutine():
 *         print("in coroutine")
 *         return 'result'
 *
 * The return value lives in the frame (`ret`); the descriptor's result
 * function hands pointers to the task as its result. */
#include <stdio.h>

#include "cio.h"

struct coroutine_frame {
    cio_coro_t co;
    const char *ret;
};

static int coroutine_resume(cio_coro_t *co, cio_task_t *task) {
    struct coroutine_frame *f = (struct coroutine_frame *)co;
    (void)task;
    CIO_BEGIN(co)
    CIO_BODY
    puts("in coroutine");
    CIO_RETURN(co, f->ret = "result");
}

static int coroutine_result(const cio_coro_t *co, cio_value_t *out) {
    out->p = (void *)((const struct coroutine_frame *)co)->ret;
    return 1; /* a pointer */
}

static const cio_coro_desc_t coroutine_desc =
    CIO_DESC_INIT(struct coroutine_frame, "coroutine", __FILE__, __LINE__, 0,
                  NULL, coroutine_resume, coroutine_result);

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;

    if (cio_loop_init(&loop) != 0)
        return 1;
    if (cio_task_new(&loop, &coroutine_desc, &task) != 0)
        return 1;
    cio_coro_init((cio_coro_t *)cio_task_frame(task));
    cio_task_start(task, 0);
    if (cio_loop_run_until_complete(&loop, cio_task_future(task)) == 0)
        printf("it returned : '%s'\n", (const char *)cio_task_result_ptr(task));
    cio_task_release(task);
    cio_loop_close(&loop);
    return 0;
}
