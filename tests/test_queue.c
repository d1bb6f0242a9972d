/* tests/test_queue.c - Queue, LifoQueue, PriorityQueue: order, maxsize,
 * nowait codes, task_done/join, shutdown, cancelled getters, and a stress
 * test through a Semaphore(3) and a Queue(8). */
#include "actor.h"
#include "cio.h"
#include "test.h"

static cio_queue_t q;
static int storage[64];

#define LOG(text) {OP_LOG, 0, 0, 0, text}
#define END {OP_END, 0, 0, 0, 0}
#define GET {OP_Q_GET, &q}
#define MS(x) CIO_MS((x) * 6) /* scaled: orderings survive valgrind */

static int drain(char *buf, size_t n) {
    int item, k = 0;
    size_t len = 0;
    buf[0] = 0;
    while (cio_queue_get_nowait(&q, &item) == 0) {
        len += (size_t)snprintf(buf + len, n - len, "%s%d", k++ ? " " : "", item);
    }
    return k;
}

static void put_all(const int *items, int n) {
    int i;
    for (i = 0; i < n; i++)
        ASSERT_EQ(cio_queue_put_nowait(&q, &items[i]), 0);
}

static int cmp_int(const void *a, const void *b) {
    return *(const int *)a - *(const int *)b;
}

TEST(queue_fifo_lifo_and_priority_order) {
    static const int items[] = {5, 1, 4, 2, 3, 9, 0};
    char buf[64];
    int got[3], i;
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 7), 0);
    put_all(items, 7);
    ASSERT_EQ(drain(buf, sizeof buf), 7);
    ASSERT_STREQ(buf, "5 1 4 2 3 9 0");
    ASSERT_EQ(cio_lifo_queue_init(&q, storage, sizeof(int), 7), 0);
    put_all(items, 7);
    drain(buf, sizeof buf);
    ASSERT_STREQ(buf, "0 9 3 2 4 1 5");
    ASSERT_EQ(cio_priority_queue_init(&q, storage, sizeof(int), 7, cmp_int), 0);
    put_all(items, 7);
    drain(buf, sizeof buf);
    ASSERT_STREQ(buf, "0 1 2 3 4 5 9");
    /* interleaved puts and gets keep the heap in order */
    put_all(items, 4); /* 5 1 4 2 */
    for (i = 0; i < 3; i++)
        ASSERT_EQ(cio_queue_get_nowait(&q, &got[i]), 0);
    ASSERT_TRUE(got[0] == 1 && got[1] == 2 && got[2] == 4);
    put_all(items + 4, 3); /* 3 9 0 */
    drain(buf, sizeof buf);
    ASSERT_STREQ(buf, "0 3 5 9");
    ASSERT_EQ(cio_priority_queue_init(&q, storage, sizeof(int), 7, NULL), CIO_EINVAL);
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 0), CIO_EINVAL);
}

TEST(queue_nowait_codes_and_sizes) {
    int x = 1;
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 2), 0);
    ASSERT_TRUE(cio_queue_empty(&q) && !cio_queue_full(&q));
    ASSERT_EQ(cio_queue_get_nowait(&q, &x), CIO_EQUEUEEMPTY);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), 0);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), 0);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), CIO_EQUEUEFULL);
    ASSERT_EQ(cio_queue_qsize(&q), 2);
    ASSERT_EQ(cio_queue_maxsize(&q), 2);
    ASSERT_TRUE(cio_queue_full(&q));
}

TEST(queue_put_waits_while_full_and_get_while_empty) {
    static const struct op producer[] = {
        {OP_Q_PUT, &q, 1}, LOG("put1"), {OP_Q_PUT, &q, 2}, LOG("put2"),
        {OP_Q_PUT, &q, 3}, LOG("put3"), END};
    static const struct op consumer[] = {
        {OP_SLEEP, 0, MS(2)}, GET, GET, GET, GET, END};
    static const struct op late[] = {{OP_SLEEP, 0, MS(5)}, {OP_Q_PUT, &q, 4}, END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 2), 0);
    scene_spawn("p", producer);
    scene_spawn("c", consumer);
    scene_spawn("l", late);
    scene_run_all();
    ASSERT_LOG("put1 put2 c:got=1 c:got=2 put3 c:got=3 c:got=4");
    scene_finish();
}

TEST(queue_task_done_and_join) {
    static const struct op joiner[] = {{OP_Q_JOIN, &q}, LOG("joined"), END};
    static const struct op worker[] = {
        {OP_Q_PUT, &q, 1}, {OP_Q_PUT, &q, 2}, GET, {OP_SLEEP, 0, MS(1)},
        LOG("done1"), {OP_Q_DONE, &q}, GET, {OP_SLEEP, 0, MS(1)},
        LOG("done2"), {OP_Q_DONE, &q}, {OP_Q_DONE, &q}, END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    scene_spawn("w", worker);
    scene_spawn("j", joiner);
    scene_run_all();
    /* an extra task_done is an error */
    ASSERT_LOG("w:got=1 done1 w:got=2 done2 w:q_done=EOVERRELEASE joined");
    scene_finish();
}

TEST(queue_join_on_an_idle_queue_returns_at_once) {
    static const struct op joiner[] = {{OP_Q_JOIN, &q}, LOG("j"), END};
    static const struct op other[] = {LOG("o"), END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    scene_spawn("j", joiner);
    scene_spawn("o", other);
    scene_run_all();
    ASSERT_LOG("j o");
    scene_finish();
}

TEST(queue_shutdown_releases_waiters_with_a_distinct_code) {
    static const struct op getter[] = {GET, {OP_LOG_RC}, END};
    static const struct op putter[] = {{OP_Q_PUT, &q, 7}, {OP_Q_PUT, &q, 8},
                                       {OP_LOG_RC}, END};
    static const struct op closer[] = {{OP_SLEEP, 0, MS(1)},
                                       {OP_Q_SHUTDOWN, &q, 0}, END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 1), 0);
    scene_spawn("p", putter); /* 7 goes in, 8 waits for room */
    scene_spawn("s", closer);
    scene_run_all();
    ASSERT_LOG("p:q_put=ESHUTDOWN p:rc=-4090");
    ASSERT_TRUE(cio_queue_is_shutdown(&q));
    scene_finish();
    /* not immediate: what is queued can still be taken, then ESHUTDOWN */
    scene_setup();
    scene_spawn("g1", getter);
    scene_spawn("g2", getter);
    scene_run_all();
    ASSERT_LOG("g1:got=7 g1:rc=0 g2:q_get=ESHUTDOWN g2:rc=-4090");
    scene_finish();
}

TEST(queue_immediate_shutdown_drops_items_and_releases_joiners) {
    static const struct op joiner[] = {{OP_Q_JOIN, &q}, LOG("joined"), END};
    static const struct op getter[] = {{OP_YIELD}, GET, {OP_LOG_RC}, END};
    static const struct op closer[] = {{OP_YIELD}, {OP_Q_SHUTDOWN, &q, 1}, END};
    int x = 5;
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), 0);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), 0);
    scene_spawn("j", joiner);
    scene_spawn("s", closer);
    scene_spawn("g", getter);
    scene_run_all();
    /* the getter runs in the iteration of the shutdown, the woken joiner
     * in the next */
    ASSERT_LOG("g:q_get=ESHUTDOWN g:rc=-4090 joined");
    ASSERT_EQ(cio_queue_qsize(&q), 0);
    scene_finish();
}

static cio_task_t *victim;
TEST(queue_woken_getter_cancelled_before_it_runs_leaves_the_item) {
    /* g1 and g2 wait; p puts one item (g1 is woken) and cancels g1 before
     * g1 runs: g2 gets the item. */
    static const struct op g1[] = {GET, END};
    static const struct op g2[] = {GET, END};
    static const struct op p[] = {{OP_YIELD}, {OP_Q_PUT_NOWAIT, &q, 42},
                                  {OP_CANCEL, &victim}, END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    victim = scene_spawn("g1", g1);
    scene_spawn("g2", g2);
    scene_spawn("p", p);
    scene_run_all();
    ASSERT_LOG("g1:q_get=ECANCELED g2:got=42");
    scene_finish();
}

TEST(queue_cancelled_queued_getter_does_not_take_an_item) {
    /* g1 is cancelled while still waiting (nothing was put yet): the
     * first item goes to g2 */
    static const struct op g1[] = {GET, END};
    static const struct op g2[] = {GET, END};
    static const struct op p[] = {{OP_YIELD}, {OP_CANCEL, &victim}, {OP_YIELD},
                                  {OP_Q_PUT_NOWAIT, &q, 7}, END};
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 4), 0);
    victim = scene_spawn("g1", g1);
    scene_spawn("g2", g2);
    scene_spawn("p", p);
    scene_run_all();
    ASSERT_LOG("g1:q_get=ECANCELED g2:got=7");
    ASSERT_EQ(cio_queue_qsize(&q), 0);
    scene_finish();
}

TEST(queue_cancelled_putter_does_not_block_the_next) {
    static const struct op p1[] = {{OP_Q_PUT, &q, 1}, END};
    static const struct op p2[] = {{OP_Q_PUT, &q, 2}, END};
    static const struct op c[] = {{OP_YIELD}, {OP_CANCEL, &victim}, {OP_YIELD},
                                  GET, GET, END};
    int x = 0;
    scene_setup();
    ASSERT_EQ(cio_queue_init(&q, storage, sizeof(int), 1), 0);
    ASSERT_EQ(cio_queue_put_nowait(&q, &x), 0);
    victim = scene_spawn("p1", p1);
    scene_spawn("p2", p2);
    scene_spawn("c", c);
    scene_run_all();
    ASSERT_LOG("p1:q_put=ECANCELED c:got=0 c:got=2");
    scene_finish();
}

/* ---- Stress: 10,000 tasks through a Semaphore(3) and a Queue(8) ------------ */

#define N_STRESS 10000
static cio_semaphore_t sem;
static int in_section, max_in_section;
static long delivered[N_STRESS];
static long next_admission, fifo_violations;

struct producer_frame {
    cio_coro_t co;
    int ret;
    int id;
    union {
        struct cio_semaphore_acquire_frame acq;
        struct cio_queue_put_frame put;
        struct cio_sleep_frame sleep;
    } sub;
};
static int producer_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t producer_desc = CIO_DESC_INIT(
    struct producer_frame, "producer", __FILE__, __LINE__, 3, NULL,
    producer_resume, NULL);
static int producer_resume(cio_coro_t *co, cio_task_t *task) {
    struct producer_frame *f = (struct producer_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
        CIO_POINT(3)
    CIO_BODY
    cio_semaphore_acquire_init(&f->sub.acq, &sem);
    CIO_AWAIT(task, co, 1, &producer_desc, cio_semaphore_acquire_resume,
              &f->sub.acq.co);
    /* all producers queued on the semaphore in id order: admission must
     * follow it exactly */
    if (f->id != next_admission++)
        fifo_violations++;
    if (++in_section > max_in_section)
        max_in_section = in_section;
    cio_queue_put_init(&f->sub.put, &q, &f->id);
    CIO_AWAIT(task, co, 2, &producer_desc, cio_queue_put_resume, &f->sub.put.co);
    cio_sleep_init(&f->sub.sleep, 0);
    CIO_AWAIT(task, co, 3, &producer_desc, cio_sleep_resume, &f->sub.sleep.co);
    in_section--;
    cio_semaphore_release(&sem);
    CIO_END(co)
}

struct consumer_frame {
    cio_coro_t co;
    int ret;
    int item;
    struct cio_queue_get_frame get;
};
static int consumer_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t consumer_desc = CIO_DESC_INIT(
    struct consumer_frame, "consumer", __FILE__, __LINE__, 1, NULL,
    consumer_resume, NULL);
static int consumer_resume(cio_coro_t *co, cio_task_t *task) {
    struct consumer_frame *f = (struct consumer_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    for (;;) {
        cio_queue_get_init(&f->get, &q, &f->item);
        CIO_AWAIT(task, co, 1, &consumer_desc, cio_queue_get_resume, &f->get.co);
        if (f->get.ret < 0)
            break; /* shut down */
        delivered[f->item]++;
        cio_queue_task_done(&q);
    }
    CIO_END(co)
}

TEST(stress_10000_tasks_through_a_semaphore_and_a_queue) {
    static CIO_TASK_STORAGE(struct producer_frame) producers[N_STRESS];
    static CIO_TASK_STORAGE(struct consumer_frame) consumers[4];
    static int qstore[8];
    counting_alloc ca;
    cio_task_t *t;
    long i;
    ASSERT_EQ(cio_loop_init(&scene_loop), 0);
    counting_alloc_install(&ca, &scene_loop);
    cio_semaphore_init(&sem, 3);
    ASSERT_EQ(cio_queue_init(&q, qstore, sizeof(int), 8), 0);
    for (i = 0; i < N_STRESS; i++) {
        ASSERT_EQ(cio_task_init_in(&scene_loop, &producer_desc, &producers[i], &t), 0);
        cio_coro_init(&producers[i].frame.co);
        producers[i].frame.id = (int)i;
        cio_task_start(t, 0);
    }
    for (i = 0; i < 4; i++) {
        ASSERT_EQ(cio_task_init_in(&scene_loop, &consumer_desc, &consumers[i], &t), 0);
        cio_coro_init(&consumers[i].frame.co);
        cio_task_start(t, 0);
    }
    ASSERT_EQ(cio_loop_run_until_complete(&scene_loop,
                                          cio_task_future(&producers[N_STRESS - 1].task)),
              0);
    /* everything put has been taken; let consumers mark the rest done */
    while (q.unfinished > 0)
        ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    cio_queue_shutdown(&q, 0);
    for (i = 0; i < 4; i++)
        ASSERT_EQ(cio_loop_run_until_complete(&scene_loop, cio_task_future(&consumers[i].task)), 0);
    ASSERT_EQ(ca.allocs, 0); /* tasks in static storage: nothing allocated */
    ASSERT_EQ(fifo_violations, 0);
    ASSERT_EQ(max_in_section, 3);
    for (i = 0; i < N_STRESS; i++)
        ASSERT_EQ(delivered[i], 1);
    ASSERT_EQ(cio_loop_close(&scene_loop), 0);
}
