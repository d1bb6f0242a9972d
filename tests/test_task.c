/* tests/test_task.c - tasks and cancellation, with coroutines written by
 * hand against the frame ABI (cio/coro.h). These double as the ABI's
 * tests: the generator targets exactly these macros. */
#include "cio.h"
#include "test.h"

static cio_loop_t loop;

/* ---- sleeper(name, delay, times, on_cancel) ----------------------------
 * Sleeps `times` times; logs each step. On CIO_ECANCELED it logs and then
 * either returns the code (re-raise) or returns 7 (swallow). */
enum { RERAISE, SWALLOW, SWALLOW_AND_SLEEP };
struct sleeper_frame {
    cio_coro_t co;
    int ret;
    const char *name;
    cio_time_t delay;
    int times, on_cancel, i;
    union {
        struct cio_sleep_frame s1;
        struct cio_sleep_frame s2;
    } sub;
};
static int sleeper_resume(cio_coro_t *co, cio_task_t *task);
static const unsigned sleeper_lines[] = {1001, 1002};
static int sleeper_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct sleeper_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t sleeper_desc =
    CIO_DESC_INIT(struct sleeper_frame, "sleeper", "sleeper.ac", 1000, 2,
                  sleeper_lines, sleeper_resume, sleeper_result);

static int sleeper_resume(cio_coro_t *co, cio_task_t *task) {
    struct sleeper_frame *f = (struct sleeper_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
    CIO_BODY
    log_add("%s:start", f->name);
    for (f->i = 0; f->i < f->times; f->i++) {
        cio_sleep_init(&f->sub.s1, f->delay);
        CIO_AWAIT(task, co, 1, &sleeper_desc, cio_sleep_resume, &f->sub.s1.co);
        if (f->sub.s1.ret == CIO_ECANCELED) {
            log_add("%s:cancelled", f->name);
            if (f->on_cancel == RERAISE)
                CIO_RETURN(co, f->ret = CIO_ECANCELED);
            if (f->on_cancel == SWALLOW_AND_SLEEP) {
                cio_sleep_init(&f->sub.s2, CIO_MS(1));
                CIO_AWAIT(task, co, 2, &sleeper_desc, cio_sleep_resume,
                          &f->sub.s2.co);
                log_add("%s:after-cleanup-sleep:%d", f->name, f->sub.s2.ret);
            }
            CIO_RETURN(co, f->ret = 7);
        }
        log_add("%s:%d", f->name, f->i);
    }
    CIO_RETURN(co, f->ret = 0);
}

static cio_task_t *spawn_sleeper(const char *name, cio_time_t delay, int times,
                                 int on_cancel) {
    cio_task_t *t;
    struct sleeper_frame *f;
    ASSERT_EQ(cio_task_new(&loop, &sleeper_desc, &t), 0);
    f = (struct sleeper_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    f->name = name;
    f->delay = delay;
    f->times = times;
    f->on_cancel = on_cancel;
    cio_task_start(t, 0);
    return t;
}

/* ---- joiner(target): awaits another task --------------------------------- */
struct joiner_frame {
    cio_coro_t co;
    int ret;
    cio_task_t *target;
    const char *name;
    struct cio_task_wait_frame w;
};
static int joiner_resume(cio_coro_t *co, cio_task_t *task);
static int joiner_result(const cio_coro_t *co, cio_value_t *out) {
    int r = ((const struct joiner_frame *)co)->ret;
    out->i = r;
    return r < 0 ? r : 0;
}
static const cio_coro_desc_t joiner_desc =
    CIO_DESC_INIT(struct joiner_frame, "joiner", __FILE__, __LINE__, 1, NULL,
                  joiner_resume, joiner_result);
static int joiner_resume(cio_coro_t *co, cio_task_t *task) {
    struct joiner_frame *f = (struct joiner_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    cio_task_wait_init(&f->w, f->target);
    CIO_AWAIT(task, co, 1, &joiner_desc, cio_task_wait_resume, &f->w.co);
    log_add("%s:joined:%d", f->name, f->w.ret);
    CIO_RETURN(co, f->ret = f->w.ret);
}
static cio_task_t *spawn_joiner(const char *name, cio_task_t *target) {
    cio_task_t *t;
    struct joiner_frame *f;
    ASSERT_EQ(cio_task_new(&loop, &joiner_desc, &t), 0);
    f = (struct joiner_frame *)cio_task_frame(t);
    cio_coro_init(&f->co);
    f->target = target;
    f->name = name;
    cio_task_start(t, 0);
    return t;
}

static void stop_cb(void *arg) {
    (void)arg;
    cio_loop_stop(&loop);
}
static void cancel_cb(void *arg) {
    log_add("cancel");
    cio_task_cancel((cio_task_t *)arg);
}

/* ---------------------------------------------------------------------- */

TEST(a_task_starts_in_the_next_iteration_and_returns_its_result) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_MS(1), 2, RERAISE);
    ASSERT_LOG(""); /* spawning runs nothing */
    ASSERT_TRUE(!cio_task_done(t));
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_LOG("s:start s:0 s:1");
    ASSERT_TRUE(cio_task_done(t) && !cio_task_cancelled(t));
    ASSERT_EQ(cio_task_result(t), 0);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(sleep_zero_yields_exactly_one_iteration) {
    cio_task_t *a, *b;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    a = spawn_sleeper("a", 0, 3, RERAISE);
    b = spawn_sleeper("b", 0, 3, RERAISE);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(b)), 0);
    ASSERT_LOG("a:start b:start a:0 b:0 a:1 b:1 a:2 b:2");
    cio_task_release(a);
    cio_task_release(b);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(sleeps_wake_in_deadline_order) {
    cio_task_t *a, *b, *c;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    a = spawn_sleeper("a", CIO_MS(30), 1, RERAISE);
    b = spawn_sleeper("b", CIO_MS(10), 1, RERAISE);
    c = spawn_sleeper("c", CIO_MS(20), 1, RERAISE);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(a)), 0);
    ASSERT_LOG("a:start b:start c:start b:0 c:0 a:0");
    cio_task_release(a);
    cio_task_release(b);
    cio_task_release(c);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(cancel_before_start_runs_none_of_the_body) {
    cio_task_t *t, *j;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_MS(1), 1, SWALLOW);
    j = spawn_joiner("j", t);
    ASSERT_EQ(cio_task_cancel(t), 1);
    ASSERT_EQ(cio_task_cancelling(t), 1);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(j)), CIO_ECANCELED);
    ASSERT_LOG("j:joined:-125");
    ASSERT_TRUE(cio_task_cancelled(t));
    ASSERT_EQ(cio_task_error(t), CIO_ECANCELED);
    ASSERT_EQ(cio_task_cancelling(t), 0);
    ASSERT_EQ(cio_task_cancel(t), 0); /* already done */
    cio_task_release(t);
    cio_task_release(j);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(cancel_while_sleeping_is_returned_by_the_await_and_can_be_reraised) {
    cio_task_t *t, *j;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_SEC(10), 1, RERAISE);
    j = spawn_joiner("j", t);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, t), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(j)), CIO_ECANCELED);
    ASSERT_LOG("s:start cancel s:cancelled j:joined:-125");
    ASSERT_TRUE(cio_task_cancelled(t));
    cio_task_release(t);
    cio_task_release(j);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(a_task_that_swallows_cancellation_finishes_normally) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_SEC(10), 1, SWALLOW_AND_SLEEP);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, t), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    /* delivered once: the clean-up sleep after it is not cancelled */
    ASSERT_LOG("s:start cancel s:cancelled s:after-cleanup-sleep:0");
    ASSERT_TRUE(!cio_task_cancelled(t));
    ASSERT_EQ(cio_task_result(t), 7);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(two_cancels_deliver_one_cancellation) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_SEC(10), 1, SWALLOW_AND_SLEEP);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, t), 0);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, t), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_LOG("s:start cancel cancel s:cancelled s:after-cleanup-sleep:0");
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

static cio_task_t *victim;
static void wake_then_cancel(void *arg) {
    /* runs in the same iteration as the victim's timer: the victim is
     * already woken (on the ready queue) when the cancel arrives */
    (void)arg;
    log_add("cancel-after-wake");
    cio_task_cancel(victim);
}

TEST(cancel_after_wakeup_but_before_the_step_still_cancels) {
    cio_task_t *t;
    cio_time_t when;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = victim = spawn_sleeper("s", CIO_MS(5), 1, RERAISE);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0); /* s starts sleeping */
    when = cio_loop_time(&loop) + CIO_MS(5);
    /* scheduled after the sleep's timer, same deadline: runs right after */
    ASSERT_EQ(cio_loop_call_at(&loop, NULL, when, wake_then_cancel, NULL), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), CIO_ECANCELED);
    ASSERT_LOG("s:start cancel-after-wake s:cancelled");
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(cancelling_a_task_that_awaits_a_task_cancels_the_inner_one) {
    cio_task_t *inner, *outer;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    inner = spawn_sleeper("inner", CIO_SEC(10), 1, RERAISE);
    outer = spawn_joiner("outer", inner);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, outer), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(outer)), CIO_ECANCELED);
    ASSERT_LOG("inner:start cancel inner:cancelled outer:joined:-125");
    ASSERT_TRUE(cio_task_cancelled(inner));
    ASSERT_TRUE(cio_task_cancelled(outer));
    cio_task_release(inner);
    cio_task_release(outer);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(an_inner_task_that_swallows_the_cancel_gives_the_awaiter_its_result) {
    cio_task_t *inner, *outer;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    inner = spawn_sleeper("inner", CIO_SEC(10), 1, SWALLOW);
    outer = spawn_joiner("outer", inner);
    ASSERT_EQ(cio_loop_call_later(&loop, NULL, CIO_MS(2), cancel_cb, outer), 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(outer)), 0);
    ASSERT_LOG("inner:start cancel inner:cancelled outer:joined:7");
    ASSERT_TRUE(!cio_task_cancelled(outer));
    cio_task_release(inner);
    cio_task_release(outer);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(many_tasks_may_await_the_same_task) {
    cio_task_t *t, *j[5];
    static const char *names[] = {"j0", "j1", "j2", "j3", "j4"};
    int i;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    t = spawn_sleeper("s", CIO_MS(2), 1, RERAISE);
    for (i = 0; i < 5; i++)
        j[i] = spawn_joiner(names[i], t);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(j[4])), 0);
    ASSERT_LOG("s:start s:0 j0:joined:0 j1:joined:0 j2:joined:0 j3:joined:0 j4:joined:0");
    for (i = 0; i < 5; i++)
        cio_task_release(j[i]);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- Self-cancellation and current_task ---------------------------------- */
struct selfish_frame {
    cio_coro_t co;
    int ret;
    struct cio_sleep_frame s;
};
static int selfish_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t selfish_desc = CIO_DESC_INIT(
    struct selfish_frame, "selfish", __FILE__, __LINE__, 1, NULL, selfish_resume, NULL);
static int selfish_resume(cio_coro_t *co, cio_task_t *task) {
    struct selfish_frame *f = (struct selfish_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    log_add("current:%d", cio_loop_current_task(&loop) == task);
    cio_task_cancel(task); /* delivered at the next suspension point */
    log_add("still-running");
    cio_sleep_init(&f->s, CIO_SEC(10));
    CIO_AWAIT(task, co, 1, &selfish_desc, cio_sleep_resume, &f->s.co);
    log_add("sleep:%d", f->s.ret);
    CIO_RETURN(co, (void)0);
}

TEST(a_task_cancelling_itself_gets_it_at_its_next_await) {
    cio_task_t *t;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_task_new(&loop, &selfish_desc, &t), 0);
    cio_coro_init((cio_coro_t *)cio_task_frame(t));
    cio_task_start(t, 0);
    ASSERT_PTR_EQ(cio_loop_current_task(&loop), NULL);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_LOG("current:1 still-running sleep:-125");
    ASSERT_PTR_EQ(cio_loop_current_task(&loop), NULL);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- Deep await chains: the fast resume path --------------------------------
 * chain(depth) awaits chain(depth - 1) ... down to a leaf that sleeps
 * `rounds` times. Frames are embedded: one allocation for the whole tree. */
#define CHAIN_MAX 6
struct chain_frame;
struct chain_frame {
    cio_coro_t co;
    int ret;
    int depth, rounds, i;
    struct cio_sleep_frame s;
    struct chain_frame *child; /* embedded below, by the test */
};
static int chain_resume(cio_coro_t *co, cio_task_t *task);
static const unsigned chain_lines[] = {10, 20};
static const cio_coro_desc_t chain_desc = CIO_DESC_INIT(
    struct chain_frame, "chain", "chain.ac", 5, 2, chain_lines, chain_resume, NULL);
static int chain_resume(cio_coro_t *co, cio_task_t *task) {
    struct chain_frame *f = (struct chain_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
        CIO_POINT(2)
    CIO_BODY
    if (f->depth > 0) {
        cio_coro_init(&f->child->co);
        f->child->depth = f->depth - 1;
        f->child->rounds = f->rounds;
        CIO_AWAIT(task, co, 1, &chain_desc, chain_resume, &f->child->co);
        CIO_RETURN(co, f->ret = f->child->ret + 1);
    }
    for (f->i = 0; f->i < f->rounds; f->i++) {
        cio_sleep_init(&f->s, 0);
        CIO_AWAIT(task, co, 2, &chain_desc, cio_sleep_resume, &f->s.co);
    }
    CIO_RETURN(co, f->ret = f->i);
}

static struct {
    cio_task_t task;
    struct chain_frame frames[CHAIN_MAX];
} chain_storage;

TEST(deep_chains_park_the_innermost_frame_and_unwind_on_completion) {
    static const cio_coro_desc_t desc = CIO_DESC_INIT(
        struct chain_frame, "chain", "chain.ac", 5, 2, chain_lines, chain_resume, NULL);
    cio_task_t *t;
    const char *func, *file;
    unsigned line;
    int i;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    ASSERT_EQ(cio_task_init_in(&loop, &desc, &chain_storage, &t), 0);
    for (i = 0; i < CHAIN_MAX - 1; i++)
        chain_storage.frames[i].child = &chain_storage.frames[i + 1];
    cio_coro_init(&chain_storage.frames[0].co);
    chain_storage.frames[0].depth = CHAIN_MAX - 1;
    chain_storage.frames[0].rounds = 3;
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    /* suspended in the innermost frame's sleep */
    ASSERT_PTR_EQ(t->resume_frame, &chain_storage.frames[CHAIN_MAX - 1].co);
    ASSERT_EQ(cio_task_where(t, &func, &file, &line), 0);
    ASSERT_STREQ(func, "chain");
    ASSERT_EQ(line, 20);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_EQ(chain_storage.frames[0].ret, 3 + CHAIN_MAX - 1);
    ASSERT_TRUE(cio_coro_finished(&chain_storage.frames[0].co));
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- Names, introspection, pending-task report -------------------------- */

TEST(tasks_have_default_and_custom_names_and_can_be_listed) {
    cio_task_t *a, *b, *it;
    char buf[32];
    int n = 0;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    a = spawn_sleeper("a", CIO_MS(1), 1, RERAISE);
    b = spawn_sleeper("b", CIO_MS(1), 1, RERAISE);
    ASSERT_STREQ(cio_task_get_name(a, buf, sizeof buf), "Task-1");
    cio_task_set_name(b, "worker");
    ASSERT_STREQ(cio_task_get_name(b, buf, sizeof buf), "worker");
    ASSERT_STREQ(cio_task_desc(a)->name, "sleeper");
    for (it = cio_loop_first_task(&loop); it; it = cio_loop_next_task(&loop, it))
        n++;
    ASSERT_EQ(n, 2);
    ASSERT_EQ(cio_loop_task_count(&loop), 2);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(b)), 0);
    ASSERT_EQ(cio_loop_task_count(&loop), 0);
    ASSERT_PTR_EQ(cio_loop_first_task(&loop), NULL);
    cio_task_release(a);
    cio_task_release(b);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

TEST(closing_a_loop_reports_and_frees_pending_tasks) {
    counting_alloc ca;
    cio_task_t *kept;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    reports_install(&loop);
    kept = spawn_sleeper("sleeping", CIO_SEC(10), 1, RERAISE);
    cio_task_release(spawn_sleeper("never-started", CIO_SEC(10), 1, RERAISE));
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    cio_task_release(spawn_sleeper("third", CIO_SEC(10), 1, RERAISE));
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(reports_count(), 3);
    ASSERT_STREQ(reports_text(),
                 "Task was destroyed but it is pending! task Task-1, sleeper() waiting at sleeper.ac:1001\n"
                 "Task was destroyed but it is pending! task Task-2, sleeper() waiting at sleeper.ac:1001\n"
                 "Task was destroyed but it is pending! task Task-3, sleeper() defined at sleeper.ac:1000");
    /* the task we hold is still readable, then freed on release */
    ASSERT_TRUE(cio_task_cancelled(kept));
    ASSERT_TRUE(ca.live > 0);
    cio_task_release(kept);
    ASSERT_EQ(ca.live, 0);
}

TEST(spawn_fails_cleanly_when_the_allocator_fails) {
    counting_alloc ca;
    cio_task_t *t = NULL;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    ca.fail_after = 0;
    ASSERT_EQ(cio_task_new(&loop, &sleeper_desc, &t), CIO_ENOMEM);
    ASSERT_PTR_EQ(t, NULL);
    ASSERT_EQ(cio_loop_task_count(&loop), 0);
    ASSERT_EQ(cio_loop_call_soon(&loop, NULL, stop_cb, NULL), CIO_ENOMEM);
    cio_loop_stop(&loop);
    ASSERT_EQ(cio_loop_run_forever(&loop), 0);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(ca.allocs, 0);
    ASSERT_EQ(ca.live, 0);
}

TEST(tasks_in_caller_storage_need_no_allocator) {
    static CIO_TASK_STORAGE(struct sleeper_frame) storage;
    cio_allocator_t none = {NULL, NULL, NULL};
    cio_task_t *t;
    struct sleeper_frame *f;
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_loop_set_allocator(&loop, &none);
    ASSERT_EQ(cio_task_init_in(&loop, &sleeper_desc, &storage, &t), 0);
    f = (struct sleeper_frame *)cio_task_frame(t);
    ASSERT_PTR_EQ(f, &storage.frame);
    cio_coro_init(&f->co);
    f->name = "static";
    f->delay = CIO_MS(1);
    f->times = 2;
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_LOG("static:start static:0 static:1");
    /* the storage can be reused for a new task once done */
    ASSERT_EQ(cio_task_init_in(&loop, &sleeper_desc, &storage, &t), 0);
    cio_coro_init(&f->co);
    cio_task_start(t, 1);
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(t)), 0);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}

/* ---- Steady state allocates nothing -------------------------------------- */

TEST(steady_state_running_allocates_nothing) {
    /* 1000 tasks sleep and wake 5 times each; after the spawns, the
     * allocator is never called again until they finish. */
    counting_alloc ca;
    cio_task_t *last = NULL;
    long allocs_after_spawn;
    int i;
    ASSERT_EQ(cio_loop_init(&loop), 0);
    counting_alloc_install(&ca, &loop);
    for (i = 0; i < 1000; i++) {
        cio_task_t *t = spawn_sleeper("w", CIO_US(100 + i % 7), 5, RERAISE);
        if (i < 999)
            cio_task_release(t);
        else
            last = t;
    }
    allocs_after_spawn = ca.allocs;
    ASSERT_EQ(allocs_after_spawn, 1000);
    log_clear();
    ASSERT_EQ(cio_loop_run_until_complete(&loop, cio_task_future(last)), 0);
    ASSERT_EQ(ca.allocs, allocs_after_spawn);
    cio_task_release(last);
    ASSERT_EQ(cio_loop_close(&loop), 0);
    ASSERT_EQ(ca.live, 0);
}

/* ---- asyncio.run's clean-up ------------------------------------------------ */

TEST(shutdown_tasks_cancels_and_waits_for_every_pending_task) {
    log_clear();
    ASSERT_EQ(cio_loop_init(&loop), 0);
    cio_task_release(spawn_sleeper("a", CIO_SEC(10), 1, RERAISE));
    cio_task_release(spawn_sleeper("b", CIO_SEC(10), 1, SWALLOW_AND_SLEEP));
    ASSERT_EQ(cio_loop_run_once(&loop, 0), 0);
    ASSERT_EQ(cio_loop_shutdown_tasks(&loop), 0);
    ASSERT_LOG("a:start b:start a:cancelled b:cancelled b:after-cleanup-sleep:0");
    ASSERT_EQ(cio_loop_task_count(&loop), 0);
    ASSERT_EQ(cio_loop_close(&loop), 0);
}
