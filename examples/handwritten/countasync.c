/* countasync - three count() coroutines sleeping 1 s run concurrently:
 * about 1 s in total, not 3 (seed 001, countasync.py), by hand.
 *
 *     async def count():
 *         print("One")
 *         await asyncio.sleep(1)
 *         print("Two")
 *     async def main():
 *         await asyncio.gather(count(), count(), count())
 *
 * Here main spawns three tasks and awaits each in turn, which prints the
 * same lines as gather; the generated version (examples/countasync.ac)
 * uses cio_gather. The three tasks live in main's frame: no allocation. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <time.h>

#include "cio.h"

struct count_frame {
    cio_coro_t co;
    struct cio_sleep_frame s1;
};
static int count_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t count_desc = CIO_DESC_INIT(
    struct count_frame, "count", __FILE__, __LINE__, 1, NULL, count_resume, NULL);
static int count_resume(cio_coro_t *co, cio_task_t *task) {
    struct count_frame *f = (struct count_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    puts("One");
    cio_sleep_init(&f->s1, CIO_SEC(1));
    CIO_AWAIT(task, co, 1, &count_desc, cio_sleep_resume, &f->s1.co);
    puts("Two");
    CIO_END(co)
}

struct main_frame {
    cio_coro_t co;
    cio_loop_t *loop;
    int i;
    CIO_TASK_STORAGE(struct count_frame) counts[3];
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
    for (f->i = 0; f->i < 3; f->i++) {
        cio_task_t *t;
        if (cio_task_init_in(f->loop, &count_desc, &f->counts[f->i], &t) != 0)
            CIO_RETURN(co, (void)0);
        cio_coro_init(&f->counts[f->i].frame.co);
        cio_task_start(t, 0);
    }
    for (f->i = 0; f->i < 3; f->i++) {
        cio_task_wait_init(&f->w, &f->counts[f->i].task);
        CIO_AWAIT(task, co, 1, &main_desc, cio_task_wait_resume, &f->w.co);
    }
    CIO_END(co)
}

int main(void) {
    cio_loop_t loop;
    cio_task_t *task;
    struct main_frame *f;
    struct timespec t0, t1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
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
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("countasync executed in %.2f seconds.\n",
           (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
