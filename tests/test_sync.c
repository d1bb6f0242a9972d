/* tests/test_sync.c - Lock, Event, Condition, Semaphore, BoundedSemaphore:
 * one test per rule, scenarios scripted with actors (tests/actor.h). */
#include "actor.h"
#include "cio.h"
#include "test.h"

#define LOG(text) {OP_LOG, 0, 0, 0, text}
#define END {OP_END, 0, 0, 0, 0}

/* ---- Lock ----------------------------------------------------------------- */

static cio_lock_t lock;

TEST(lock_waiters_are_served_first_come_first_served) {
    static const struct op holder[] = {{OP_LOCK, &lock}, LOG("a-has"),
                                       {OP_SLEEP, 0, CIO_MS(2)},
                                       {OP_UNLOCK, &lock}, END};
    static const struct op waiter_b[] = {{OP_LOCK, &lock}, LOG("b-has"),
                                         {OP_UNLOCK, &lock}, END};
    static const struct op waiter_c[] = {{OP_LOCK, &lock}, LOG("c-has"),
                                         {OP_UNLOCK, &lock}, END};
    static const struct op waiter_d[] = {{OP_LOCK, &lock}, LOG("d-has"),
                                         {OP_UNLOCK, &lock}, END};
    scene_setup();
    cio_lock_init(&lock);
    scene_spawn("a", holder);
    scene_spawn("b", waiter_b);
    scene_spawn("c", waiter_c);
    scene_spawn("d", waiter_d);
    scene_run_all();
    ASSERT_LOG("a-has b-has c-has d-has");
    ASSERT_TRUE(!cio_lock_locked(&lock));
    scene_finish();
}

TEST(lock_release_and_reacquire_queues_behind_waiters) {
    static const struct op a[] = {{OP_LOCK, &lock}, {OP_YIELD}, {OP_UNLOCK, &lock},
                                  {OP_LOCK, &lock}, LOG("a-again"),
                                  {OP_UNLOCK, &lock}, END};
    static const struct op b[] = {{OP_LOCK, &lock}, LOG("b-has"),
                                  {OP_UNLOCK, &lock}, END};
    scene_setup();
    cio_lock_init(&lock);
    scene_spawn("a", a);
    scene_spawn("b", b);
    scene_run_all();
    ASSERT_LOG("b-has a-again");
    scene_finish();
}

static cio_task_t *victim;
TEST(lock_cancelled_queued_waiter_does_not_lose_the_lock) {
    static const struct op a[] = {{OP_LOCK, &lock}, {OP_SLEEP, 0, CIO_MS(2)},
                                  {OP_CANCEL, &victim}, {OP_YIELD},
                                  {OP_UNLOCK, &lock}, END};
    static const struct op b[] = {{OP_LOCK, &lock}, {OP_IF_ERR_RETURN},
                                  LOG("b-has"), {OP_UNLOCK, &lock}, END};
    static const struct op c[] = {{OP_LOCK, &lock}, LOG("c-has"),
                                  {OP_UNLOCK, &lock}, END};
    scene_setup();
    cio_lock_init(&lock);
    scene_spawn("a", a);
    victim = scene_spawn("b", b);
    scene_spawn("c", c);
    scene_run_all();
    ASSERT_LOG("b:lock=ECANCELED c-has");
    ASSERT_TRUE(!cio_lock_locked(&lock));
    scene_finish();
}

TEST(lock_cancelled_woken_waiter_passes_the_lock_on) {
    /* a releases (b is handed the lock), then cancels b before b runs */
    static const struct op a[] = {{OP_LOCK, &lock}, {OP_SLEEP, 0, CIO_MS(2)},
                                  {OP_UNLOCK, &lock}, {OP_CANCEL, &victim}, END};
    static const struct op b[] = {{OP_LOCK, &lock}, {OP_IF_ERR_RETURN},
                                  LOG("b-has"), {OP_UNLOCK, &lock}, END};
    static const struct op c[] = {{OP_LOCK, &lock}, LOG("c-has"),
                                  {OP_UNLOCK, &lock}, END};
    scene_setup();
    cio_lock_init(&lock);
    scene_spawn("a", a);
    victim = scene_spawn("b", b);
    scene_spawn("c", c);
    scene_run_all();
    ASSERT_LOG("b:lock=ECANCELED c-has");
    ASSERT_TRUE(!cio_lock_locked(&lock));
    scene_finish();
}

TEST(lock_releasing_an_unlocked_lock_is_an_error) {
    cio_lock_init(&lock);
    ASSERT_EQ(cio_lock_release(&lock), CIO_ENOTLOCKED);
    ASSERT_EQ(cio_lock_try_acquire(&lock), 0);
    ASSERT_EQ(cio_lock_try_acquire(&lock), CIO_EBUSY);
    ASSERT_EQ(cio_lock_release(&lock), 0);
    ASSERT_EQ(cio_lock_release(&lock), CIO_ENOTLOCKED);
}

/* ---- Event ----------------------------------------------------------------- */

static cio_event_t ev;

TEST(event_set_wakes_every_waiter_even_if_cleared_at_once) {
    static const struct op w1[] = {{OP_EV_WAIT, &ev}, LOG("w1"), END};
    static const struct op w2[] = {{OP_EV_WAIT, &ev}, LOG("w2"), END};
    static const struct op setter[] = {{OP_YIELD}, {OP_EV_SET, &ev},
                                       {OP_EV_CLEAR, &ev}, LOG("set+cleared"), END};
    scene_setup();
    cio_event_init(&ev);
    scene_spawn("w1", w1);
    scene_spawn("w2", w2);
    scene_spawn("s", setter);
    scene_run_all();
    ASSERT_LOG("set+cleared w1 w2");
    ASSERT_TRUE(!cio_event_is_set(&ev));
    scene_finish();
}

TEST(event_wait_on_a_set_event_does_not_suspend) {
    static const struct op a[] = {{OP_EV_WAIT, &ev}, LOG("a"), END};
    static const struct op b[] = {LOG("b"), END};
    scene_setup();
    cio_event_init(&ev);
    cio_event_set(&ev);
    scene_spawn("a", a);
    scene_spawn("b", b);
    scene_run_all();
    ASSERT_LOG("a b");
    scene_finish();
}

TEST(event_cancelled_waiter_returns_ecanceled_and_others_still_wake) {
    static const struct op w1[] = {{OP_EV_WAIT, &ev}, LOG("w1"), END};
    static const struct op w2[] = {{OP_EV_WAIT, &ev}, LOG("w2"), END};
    static const struct op s[] = {{OP_YIELD}, {OP_CANCEL, &victim}, {OP_YIELD},
                                  {OP_EV_SET, &ev}, END};
    scene_setup();
    cio_event_init(&ev);
    victim = scene_spawn("w1", w1);
    scene_spawn("w2", w2);
    scene_spawn("s", s);
    scene_run_all();
    ASSERT_LOG("w1:ev_wait=ECANCELED w1 w2");
    scene_finish();
}

TEST(event_waiter_woken_then_cancelled_still_gets_ecanceled) {
    /* the event is set (both waiters woken), then w1 is cancelled before
     * it runs: it sees the cancellation; w2 is unaffected */
    static const struct op w1[] = {{OP_EV_WAIT, &ev}, LOG("w1-after"), END};
    static const struct op w2[] = {{OP_EV_WAIT, &ev}, LOG("w2-after"), END};
    static const struct op s[] = {{OP_YIELD}, {OP_EV_SET, &ev},
                                  {OP_CANCEL, &victim}, END};
    scene_setup();
    cio_event_init(&ev);
    victim = scene_spawn("w1", w1);
    scene_spawn("w2", w2);
    scene_spawn("s", s);
    scene_run_all();
    ASSERT_LOG("w1:ev_wait=ECANCELED w1-after w2-after");
    scene_finish();
}

/* ---- Condition -------------------------------------------------------------- */

static cio_condition_t cond;

#define CONSUMER(name)                                                      \
    static const struct op name[] = {{OP_COND_ACQ, &cond},                  \
                                     {OP_COND_WAIT, &cond},                 \
                                     LOG(#name), {OP_COND_REL, &cond}, END}

CONSUMER(c0);
CONSUMER(c1);
CONSUMER(c2);
CONSUMER(c3);
CONSUMER(c4);

TEST(condition_notify_n_wakes_exactly_the_first_n_waiters) {
    static const struct op m[] = {
        {OP_SLEEP, 0, CIO_MS(1)},
        {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY, &cond, 1}, {OP_COND_REL, &cond},
        {OP_SLEEP, 0, CIO_MS(1)}, LOG("|"),
        {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY, &cond, 2}, {OP_COND_REL, &cond},
        {OP_SLEEP, 0, CIO_MS(1)}, LOG("|"),
        {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond}, {OP_COND_REL, &cond},
        END};
    scene_setup();
    cio_condition_init(&cond, NULL);
    scene_spawn("c0", c0);
    scene_spawn("c1", c1);
    scene_spawn("c2", c2);
    scene_spawn("c3", c3);
    scene_spawn("c4", c4);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("c0 | c1 c2 | c3 c4");
    scene_finish();
}

TEST(condition_woken_waiter_proceeds_only_when_it_owns_the_lock) {
    static const struct op m[] = {
        {OP_YIELD}, {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond},
        {OP_SLEEP, 0, CIO_MS(2)}, LOG("m-still-holds"), {OP_COND_REL, &cond}, END};
    scene_setup();
    cio_condition_init(&cond, NULL);
    scene_spawn("c0", c0);
    scene_spawn("c1", c1);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("m-still-holds c0 c1");
    scene_finish();
}

TEST(condition_notify_or_wait_without_the_lock_is_an_error) {
    static const struct op a[] = {{OP_COND_WAIT, &cond}, {OP_COND_NOTIFY, &cond, 1},
                                  {OP_LOG_RC}, END};
    scene_setup();
    cio_condition_init(&cond, NULL);
    scene_spawn("a", a);
    scene_run_all();
    ASSERT_LOG("a:cond_wait=ENOTLOCKED a:cond_notify=ENOTLOCKED a:rc=-4088");
    ASSERT_EQ(cio_condition_notify_all(&cond), CIO_ENOTLOCKED);
    scene_finish();
}

TEST(condition_cancelled_waiter_reacquires_the_lock_before_returning) {
    static const struct op w[] = {{OP_COND_ACQ, &cond}, {OP_COND_WAIT, &cond},
                                  LOG("w-holds"), {OP_COND_REL, &cond}, END};
    static const struct op m[] = {{OP_YIELD}, {OP_COND_ACQ, &cond},
                                  {OP_CANCEL, &victim}, {OP_SLEEP, 0, CIO_MS(2)},
                                  LOG("m-releases"), {OP_COND_REL, &cond}, END};
    scene_setup();
    cio_condition_init(&cond, NULL);
    victim = scene_spawn("w", w);
    scene_spawn("m", m);
    scene_run_all();
    /* the cancelled wait returned only after m released: w held the lock */
    ASSERT_LOG("m-releases w:cond_wait=ECANCELED w-holds");
    ASSERT_TRUE(!cio_lock_locked(cio_condition_lock(&cond)));
    scene_finish();
}

TEST(condition_notified_waiter_cancelled_before_it_runs_passes_the_notify_on) {
    /* notify(1) wakes c0; c0 is cancelled before it runs: the notification
     * goes to c1, so one consumer still proceeds */
    static const struct op m[] = {{OP_YIELD}, {OP_COND_ACQ, &cond},
                                  {OP_COND_NOTIFY, &cond, 1},
                                  {OP_CANCEL, &victim}, {OP_COND_REL, &cond},
                                  {OP_SLEEP, 0, CIO_MS(5)}, LOG("m-end"),
                                  {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond},
                                  {OP_COND_REL, &cond}, END};
    static const struct op w0[] = {{OP_COND_ACQ, &cond}, {OP_COND_WAIT, &cond},
                                   {OP_COND_REL, &cond}, END};
    scene_setup();
    cio_condition_init(&cond, NULL);
    victim = scene_spawn("c0", w0);
    scene_spawn("c1", c1);
    scene_spawn("c2", c2);
    scene_spawn("m", m);
    scene_run_all();
    /* c0 re-acquired the lock before returning ECANCELED and released it */
    ASSERT_LOG("c0:cond_wait=ECANCELED c1 m-end c2");
    ASSERT_TRUE(!cio_lock_locked(cio_condition_lock(&cond)));
    scene_finish();
}

static int flag;
TEST(condition_wait_for_waits_until_the_predicate_holds) {
    static const struct op w[] = {{OP_COND_ACQ, &cond},
                                  {OP_COND_WAIT_FOR, &cond, 0, (intptr_t)&flag},
                                  LOG("w-sees-flag"), {OP_COND_REL, &cond}, END};
    static const struct op m[] = {
        {OP_YIELD}, {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond},
        {OP_COND_REL, &cond}, {OP_SLEEP, 0, CIO_MS(1)}, LOG("set-flag"),
        {OP_SET_RC, 0, 1}, {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond},
        {OP_COND_REL, &cond}, END};
    scene_setup();
    flag = 0;
    cio_condition_init(&cond, NULL);
    scene_spawn("w", w);
    scene_spawn("m", m);
    /* the flag flips between the two notifies */
    ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    flag = 1;
    scene_run_all();
    ASSERT_LOG("set-flag w-sees-flag");
    scene_finish();
}

TEST(condition_with_a_shared_lock) {
    static cio_condition_t c2;
    static const struct op w[] = {{OP_LOCK, &lock}, {OP_COND_WAIT, &c2},
                                  LOG("woken-holding-shared"), {OP_UNLOCK, &lock}, END};
    static const struct op m[] = {{OP_YIELD}, {OP_LOCK, &lock},
                                  {OP_COND_NOTIFY, &c2, 1}, {OP_UNLOCK, &lock}, END};
    scene_setup();
    cio_lock_init(&lock);
    cio_condition_init(&c2, &lock);
    ASSERT_PTR_EQ(cio_condition_lock(&c2), &lock);
    scene_spawn("w", w);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("woken-holding-shared");
    scene_finish();
}

/* ---- Semaphore ---------------------------------------------------------------- */

static cio_semaphore_t sem;

#define SEM_USER(name)                                                        \
    static const struct op name[] = {{OP_SEM_ACQ, &sem}, LOG(#name "+"),      \
                                     {OP_SLEEP, 0, CIO_MS(1)}, LOG(#name "-"),\
                                     {OP_SEM_REL, &sem}, END}
SEM_USER(s1);
SEM_USER(s2);
SEM_USER(s3);
SEM_USER(s4);

TEST(semaphore_admits_in_fifo_order) {
    scene_setup();
    cio_semaphore_init(&sem, 2);
    scene_spawn("s1", s1);
    scene_spawn("s2", s2);
    scene_spawn("s3", s3);
    scene_spawn("s4", s4);
    scene_run_all();
    ASSERT_LOG("s1+ s2+ s1- s2- s3+ s4+ s3- s4-");
    ASSERT_EQ(cio_semaphore_value(&sem), 2);
    scene_finish();
}

TEST(semaphore_releaser_reacquiring_queues_behind_waiters) {
    static const struct op a[] = {{OP_SEM_ACQ, &sem}, {OP_YIELD}, {OP_SEM_REL, &sem},
                                  {OP_SEM_ACQ, &sem}, LOG("a-again"),
                                  {OP_SEM_REL, &sem}, END};
    static const struct op b[] = {{OP_SEM_ACQ, &sem}, LOG("b-in"),
                                  {OP_SEM_REL, &sem}, END};
    scene_setup();
    cio_semaphore_init(&sem, 1);
    scene_spawn("a", a);
    scene_spawn("b", b);
    scene_run_all();
    ASSERT_LOG("b-in a-again");
    scene_finish();
}

TEST(bounded_semaphore_rejects_release_above_its_initial_value) {
    cio_bounded_semaphore_init(&sem, 2);
    ASSERT_EQ(cio_semaphore_release(&sem), CIO_EOVERRELEASE);
    ASSERT_EQ(cio_semaphore_value(&sem), 2);
    cio_semaphore_init(&sem, 2);
    ASSERT_EQ(cio_semaphore_release(&sem), 0); /* unbounded: fine */
    ASSERT_EQ(cio_semaphore_value(&sem), 3);
}

TEST(semaphore_cancelled_woken_waiter_passes_its_unit_on) {
    static const struct op a[] = {{OP_SEM_ACQ, &sem}, {OP_SLEEP, 0, CIO_MS(2)},
                                  {OP_SEM_REL, &sem}, {OP_CANCEL, &victim}, END};
    static const struct op b[] = {{OP_SEM_ACQ, &sem}, {OP_IF_ERR_RETURN},
                                  LOG("b-in"), {OP_SEM_REL, &sem}, END};
    static const struct op c[] = {{OP_SEM_ACQ, &sem}, LOG("c-in"),
                                  {OP_SEM_REL, &sem}, END};
    scene_setup();
    cio_bounded_semaphore_init(&sem, 1);
    scene_spawn("a", a);
    victim = scene_spawn("b", b);
    scene_spawn("c", c);
    scene_run_all();
    ASSERT_LOG("b:sem_acq=ECANCELED c-in");
    ASSERT_EQ(cio_semaphore_value(&sem), 1);
    ASSERT_TRUE(!cio_semaphore_locked(&sem));
    scene_finish();
}

TEST(semaphore_cancelled_queued_waiter_leaves_the_count_alone) {
    static const struct op a[] = {{OP_SEM_ACQ, &sem}, {OP_YIELD},
                                  {OP_CANCEL, &victim}, {OP_YIELD},
                                  {OP_SEM_REL, &sem}, END};
    static const struct op b[] = {{OP_SEM_ACQ, &sem}, {OP_IF_ERR_RETURN},
                                  LOG("b-in"), {OP_SEM_REL, &sem}, END};
    scene_setup();
    cio_bounded_semaphore_init(&sem, 1);
    scene_spawn("a", a);
    victim = scene_spawn("b", b);
    scene_run_all();
    ASSERT_LOG("b:sem_acq=ECANCELED");
    ASSERT_EQ(cio_semaphore_value(&sem), 1);
    scene_finish();
}

/* ---- No allocation ------------------------------------------------------------- */

TEST(primitives_never_allocate) {
    static const struct op user[] = {
        {OP_LOCK, &lock}, {OP_YIELD}, {OP_UNLOCK, &lock},
        {OP_SEM_ACQ, &sem}, {OP_YIELD}, {OP_SEM_REL, &sem},
        {OP_COND_ACQ, &cond}, {OP_COND_NOTIFY_ALL, &cond}, {OP_COND_REL, &cond},
        {OP_EV_WAIT, &ev}, END};
    counting_alloc ca;
    long after_spawn;
    int i;
    scene_setup();
    counting_alloc_install(&ca, &scene_loop);
    cio_lock_init(&lock);
    cio_semaphore_init(&sem, 2);
    cio_condition_init(&cond, NULL);
    cio_event_init(&ev);
    for (i = 0; i < 10; i++)
        scene_spawn("u", user);
    after_spawn = ca.allocs;
    for (i = 0; i < 20; i++)
        ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    cio_event_set(&ev);
    scene_run_all();
    ASSERT_EQ(ca.allocs, after_spawn);
    scene_run_all();
    scene_finish();
    ASSERT_EQ(ca.live, 0);
}
