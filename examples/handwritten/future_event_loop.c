/* future_event_loop - run_until_complete() on a future resolved by a
 * callback; the result is readable after close (seed 002,
 * asyncio_futre_event_loop.py). No coroutine at all. */
#include <stdio.h>

#include "cio.h"

static void mark_done(void *p) {
    cio_future_t *future = (cio_future_t *)p;
    puts("setting future result to 'the result'");
    cio_future_set_result_ptr(future, "the result");
}

int main(void) {
    cio_loop_t loop;
    cio_future_t all_done;

    if (cio_loop_init(&loop) != 0)
        return 1;
    cio_future_init(&all_done, &loop);
    puts("scheduling mark_done");
    if (cio_loop_call_soon(&loop, NULL, mark_done, &all_done) != 0)
        return 1;
    puts("entering event loop");
    if (cio_loop_run_until_complete(&loop, &all_done) == 0)
        printf("returned result '%s'\n",
               (const char *)cio_future_result_ptr(&all_done));
    puts("closing event loop");
    cio_loop_close(&loop);
    printf("future result : '%s'\n",
           (const char *)cio_future_result_ptr(&all_done));
    return 0;
}
