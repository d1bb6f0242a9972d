/* tests/noalloc/test_noalloc.c - composition and synchronisation with
 * caller storage allocate nothing: noalloc.ac's exercise() runs in a task
 * in static storage under a counting allocator. */
#include "cio.h"
#include "noalloc.h" /* generated from noalloc.ac */
#include "../test.h"

TEST(composition_and_sync_with_caller_storage_never_allocate) {
    static struct exercise_task task;
    static cio_loop_t loop;
    struct noalloc_report r;
    counting_alloc ca;

    memset(&r, 0x55, sizeof r);
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    ASSERT_EQ(exercise_spawn_in(&loop, &task, &loop, &r), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(&task.task)), 0);
    ASSERT_EQ(exercise_result(&task.task), 0);
    ASSERT_EQ(r.gather, 0);
    ASSERT_EQ(r.wait, 1);           /* the first child finished first */
    ASSERT_EQ(r.gather2, 0);
    ASSERT_EQ(r.wait_for, 7);       /* swallowed the timeout: its result wins */
    ASSERT_EQ(r.timeout, CIO_ETIMEDOUT);
    ASSERT_EQ(r.shielded, 3);       /* the shielded child went on */
    ASSERT_EQ(r.as_completed, 210); /* completion order: 2, 1, 0 */
    ASSERT_EQ(r.group, 0);
    ASSERT_EQ(r.sync, 5);
    ASSERT_EQ(ca.allocs, 0);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
