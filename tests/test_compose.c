/* tests/test_compose.c - gather, wait, wait_for, timeout scopes,
 * as_completed, shield, task groups and the job scheduler: one test per
 * rule, including the races. Scenarios are scripted with actors. */
#include "actor.h"
#include "cio.h"
#include "test.h"

#define LOG(text) {OP_LOG, 0, 0, 0, text}
#define END {OP_END, 0, 0, 0, 0}
/* Time in the scenarios is scaled so that their orderings survive a slow
 * machine or valgrind: every gap between two deadlines is >= 12 ms. */
#define MS(x) CIO_MS((x) * 6)
#define SLEEP_MS(ms) {OP_SLEEP, 0, MS(ms)}
#define RET(v) {OP_RETURN, 0, (v)}

/* children */
static const struct op ok20_1[] = {SLEEP_MS(20), LOG("slow-done"), RET(1), END};
static const struct op ok10_2[] = {SLEEP_MS(10), LOG("fast-done"), RET(2), END};
static const struct op fail5[] = {SLEEP_MS(5), LOG("fail"), RET(CIO_EIO), END};
static const struct op fail5b[] = {SLEEP_MS(5), LOG("fail-b"), RET(CIO_EPIPE), END};
static const struct op long_reraise[] = {{OP_SLEEP, 0, CIO_SEC(10)},
                                         {OP_IF_ERR_RETURN}, RET(0), END};
static const struct op swallow_once[] = {{OP_SLEEP, 0, CIO_SEC(10)},
                                         LOG("swallowed"), SLEEP_MS(2),
                                         LOG("cleaned"), RET(7), END};
static const struct op swallow_twice[] = {{OP_SLEEP, 0, CIO_SEC(10)},
                                          {OP_SLEEP, 0, CIO_SEC(10)},
                                          LOG("second-cancel-reached"), RET(0), END};

static cio_task_t *c[4];
static cio_task_t *mtask; /* the test's main actor */
static cio_gather_item_t gitems[4];
static cio_wait_item_t witems[4];

static void gather_items(int n) {
    int i;
    for (i = 0; i < n; i++)
        gitems[i].task = c[i];
}

/* ---- gather ------------------------------------------------------------------- */

TEST(gather_returns_results_in_argument_order) {
    static const struct op m[] = {{OP_GATHER, gitems, 2, 0}, {OP_LOG_RC}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", ok10_2);
    gather_items(2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fast-done slow-done m:rc=0");
    scene_finish();
}

static void check_results_in_argument_order(void) {
    ASSERT_EQ(cio_task_result(gitems[0].task), 1);
    ASSERT_EQ(cio_task_result(gitems[1].task), 2);
}
TEST(gather_results_are_read_from_the_children_by_position) {
    static const struct op m[] = {{OP_GATHER, gitems, 2, 0}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", ok10_2);
    gather_items(2);
    mtask = scene_spawn("m", m);
    cio_loop_run_until_complete(&scene_loop, cio_task_future(mtask));
    check_results_in_argument_order();
    scene_run_all();
    scene_finish();
}

TEST(gather_returns_the_first_error_at_once_and_the_others_keep_running) {
    static const struct op m[] = {{OP_GATHER, gitems, 2, 0}, LOG("m-back"),
                                  SLEEP_MS(40), END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", fail5);
    gather_items(2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fail m:gather=EIO m-back slow-done");
    ASSERT_EQ(cio_task_result(c[0]), 1);
    scene_finish();
}

TEST(gather_collect_mode_gives_each_position_its_result_or_error) {
    static const struct op m[] = {{OP_GATHER, gitems, 3, CIO_GATHER_COLLECT},
                                  {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &c[2]}, END};
    scene_setup();
    c[0] = scene_spawn("c0", fail5);
    c[1] = scene_spawn("c1", ok10_2);
    c[2] = scene_spawn("c2", long_reraise);
    gather_items(3);
    scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("c2:sleep=ECANCELED fail fast-done m:rc=0");
    ASSERT_EQ(gitems[0].error, CIO_EIO);
    ASSERT_EQ(gitems[1].error, 0);
    ASSERT_EQ(gitems[2].error, CIO_ECANCELED);
    scene_finish();
}

TEST(gather_cancelling_the_awaiter_cancels_every_unfinished_child) {
    static const struct op m[] = {{OP_GATHER, gitems, 3, CIO_GATHER_COLLECT},
                                  {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(15), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok10_2);   /* finishes before the cancel */
    c[1] = scene_spawn("c1", long_reraise);
    c[2] = scene_spawn("c2", swallow_once);
    gather_items(3);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    /* collect mode: the awaiter sees the cancellation once all are done */
    ASSERT_LOG("fast-done c1:sleep=ECANCELED c2:sleep=ECANCELED swallowed "
               "cleaned m:gather=ECANCELED m:rc=-125");
    ASSERT_TRUE(cio_task_cancelled(c[1]));
    ASSERT_EQ(cio_task_result(c[2]), 7);
    scene_finish();
}

TEST(gather_child_cancelled_from_outside_surfaces_without_cancelling_siblings) {
    static const struct op m[] = {{OP_GATHER, gitems, 2, 0}, {OP_LOG_RC},
                                  SLEEP_MS(30), END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &c[1]}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", long_reraise);
    gather_items(2);
    scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("c1:sleep=ECANCELED m:gather=ECANCELED m:rc=-125 slow-done");
    ASSERT_TRUE(!cio_task_cancelled(c[0]));
    scene_finish();
}

TEST(gather_cancelled_twice_reaches_children_that_swallowed_the_first) {
    static const struct op m[] = {{OP_GATHER, gitems, 2, CIO_GATHER_COLLECT},
                                  {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask},
                                          SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", swallow_twice);
    c[1] = scene_spawn("c1", swallow_twice);
    gather_items(2);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("c0:sleep=ECANCELED c1:sleep=ECANCELED c0:sleep=ECANCELED "
               "second-cancel-reached c1:sleep=ECANCELED second-cancel-reached "
               "m:gather=ECANCELED m:rc=-125");
    scene_finish();
}

/* ---- wait ------------------------------------------------------------------------ */

static void wait_items(int n) {
    int i;
    for (i = 0; i < n; i++)
        witems[i].task = c[i];
}

TEST(wait_all_completed_never_returns_the_childrens_errors) {
    static const struct op m[] = {{OP_WAIT, witems, 2, CIO_ALL_COMPLETED}, END};
    scene_setup();
    c[0] = scene_spawn("c0", fail5);
    c[1] = scene_spawn("c1", ok10_2);
    wait_items(2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fail fast-done m:wait=2");
    ASSERT_TRUE(witems[0].done && witems[1].done);
    scene_finish();
}

TEST(wait_first_completed_leaves_the_rest_pending_and_running) {
    static const struct op m[] = {{OP_WAIT, witems, 2, CIO_FIRST_COMPLETED},
                                  LOG("m-back"), END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", ok10_2);
    wait_items(2);
    mtask = scene_spawn("m", m);
    ASSERT_EQ(cio_loop_run_until_complete(&scene_loop, cio_task_future(mtask)), 0);
    ASSERT_TRUE(!witems[0].done && witems[1].done);
    ASSERT_TRUE(!cio_task_done(c[0]));
    scene_run_all();
    ASSERT_LOG("fast-done m:wait=1 m-back slow-done");
    scene_finish();
}

TEST(wait_first_exception_returns_at_the_first_error) {
    static const struct op m[] = {{OP_WAIT, witems, 3, CIO_FIRST_EXCEPTION},
                                  LOG("m-back"), END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", fail5);
    c[2] = scene_spawn("c2", ok10_2);
    wait_items(3);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fail m:wait=1 m-back fast-done slow-done");
    scene_finish();
}

TEST(wait_with_a_timeout_reports_done_and_pending_and_cancels_nothing) {
    static const struct op m[] = {{OP_WAIT, witems, 2, CIO_ALL_COMPLETED},
                                  LOG("m-back"), END};
    scene_setup();
    actor_wait_timeout = MS(15);
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", ok10_2);
    wait_items(2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fast-done m:wait=1 m-back slow-done");
    ASSERT_TRUE(!witems[0].done && witems[1].done);
    ASSERT_TRUE(!cio_task_cancelled(c[0]));
    scene_finish();
}

TEST(wait_cancelled_awaiter_leaves_the_children_alone) {
    static const struct op m[] = {{OP_WAIT, witems, 1, CIO_ALL_COMPLETED},
                                  {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok10_2);
    wait_items(1);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("m:wait=ECANCELED m:rc=-125 fast-done");
    scene_finish();
}

/* ---- wait_for ---------------------------------------------------------------------- */

TEST(wait_for_returns_etimedout_only_after_the_inner_cleaned_up) {
    static const struct op inner[] = {{OP_SLEEP, 0, CIO_SEC(10)}, SLEEP_MS(3),
                                      LOG("inner-cleaned"), {OP_SET_RC, 0, CIO_ECANCELED},
                                      {OP_RETURN_RC}, END};
    static const struct op m[] = {{OP_WAIT_FOR, &c[0], MS(5)}, END};
    scene_setup();
    c[0] = scene_spawn("inner", inner);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("inner:sleep=ECANCELED inner-cleaned m:wait_for=ETIMEDOUT");
    ASSERT_TRUE(cio_task_cancelled(c[0]));
    scene_finish();
}

TEST(wait_for_an_inner_that_swallows_the_cancellation_gives_its_result) {
    static const struct op m[] = {{OP_WAIT_FOR, &c[0], MS(5)}, END};
    scene_setup();
    c[0] = scene_spawn("inner", swallow_once);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("inner:sleep=ECANCELED swallowed cleaned m:wait_for=7");
    scene_finish();
}

TEST(wait_for_inner_finishing_in_the_timeout_iteration_wins) {
    /* the inner finishes in the iteration in which the (0 s) timeout fires:
     * its result wins */
    static const struct op inner[] = {LOG("inner-ran"), RET(5), END};
    static const struct op m[] = {{OP_WAIT_FOR, &c[0], 0}, END};
    scene_setup();
    c[0] = scene_spawn("inner", inner);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("inner-ran m:wait_for=5");
    ASSERT_TRUE(!cio_task_cancelled(c[0]));
    scene_finish();
}

TEST(wait_for_cancelling_the_caller_cancels_the_inner_and_is_not_a_timeout) {
    static const struct op m[] = {{OP_WAIT_FOR, &c[0], MS(50)}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("inner", long_reraise);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("inner:sleep=ECANCELED m:wait_for=ECANCELED");
    ASSERT_TRUE(cio_task_cancelled(c[0]));
    scene_finish();
}

TEST(wait_for_a_finished_task_returns_at_once) {
    static const struct op m[] = {SLEEP_MS(12), {OP_WAIT_FOR, &c[0], 0}, END};
    scene_setup();
    c[0] = scene_spawn("inner", ok10_2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fast-done m:wait_for=2");
    scene_finish();
}

/* ---- timeout scopes ------------------------------------------------------------------ */

static cio_timeout_t to_outer, to_inner;

TEST(timeout_scope_turns_its_expiry_into_etimedout) {
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(5)},
                                  SLEEP_MS(1), LOG("first-await-done"),
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TO_EXIT, &to_outer}, {OP_LOG_RC}, END};
    scene_setup();
    mtask = scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("first-await-done m:sleep=ECANCELED m:to_exit=ETIMEDOUT m:rc=-110");
    ASSERT_TRUE(cio_timeout_expired(&to_outer));
    ASSERT_EQ(cio_task_cancelling(mtask), 0);
    scene_finish();
}

TEST(timeout_scope_not_expired_changes_nothing) {
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(50)},
                                  SLEEP_MS(1), {OP_TO_EXIT, &to_outer},
                                  {OP_LOG_RC}, SLEEP_MS(60), LOG("no-late-cancel"), END};
    scene_setup();
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("m:rc=0 no-late-cancel");
    ASSERT_TRUE(!cio_timeout_expired(&to_outer));
    scene_finish();
}

TEST(timeout_scope_outside_cancellation_stays_a_cancellation) {
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(50)},
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TO_EXIT, &to_outer}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("m:sleep=ECANCELED m:to_exit=ECANCELED m:rc=-125");
    scene_finish();
}

TEST(timeout_scopes_nest_and_an_inner_expiry_never_swallows_an_outer_one) {
    /* both deadlines pass during the same await: the inner scope must not
     * turn the outer's cancellation into its own timeout */
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(5)},
                                  {OP_TO_ENTER, &to_inner, MS(5)},
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TO_EXIT, &to_inner}, {OP_LOG_RC},
                                  {OP_TO_EXIT, &to_outer}, {OP_LOG_RC}, END};
    scene_setup();
    mtask = scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("m:sleep=ECANCELED m:to_exit=ECANCELED m:rc=-125 "
               "m:to_exit=ETIMEDOUT m:rc=-110");
    ASSERT_EQ(cio_task_cancelling(mtask), 0);
    scene_finish();
}

TEST(timeout_scope_inner_expiry_is_the_inner_scopes_timeout) {
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(100)},
                                  {OP_TO_ENTER, &to_inner, MS(3)},
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TO_EXIT, &to_inner}, {OP_LOG_RC},
                                  {OP_SET_RC, 0, 0}, SLEEP_MS(1),
                                  {OP_TO_EXIT, &to_outer}, {OP_LOG_RC}, END};
    scene_setup();
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("m:sleep=ECANCELED m:to_exit=ETIMEDOUT m:rc=-110 m:rc=0");
    scene_finish();
}

static void reschedule_later(void *arg) {
    (void)arg;
    ASSERT_EQ(cio_timeout_reschedule(&to_outer, cio_loop_time(&scene_loop) + MS(20)), 0);
}
TEST(timeout_scope_can_be_rescheduled) {
    static const struct op m[] = {{OP_TO_ENTER, &to_outer, MS(5)},
                                  SLEEP_MS(10), LOG("survived-first-deadline"),
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TO_EXIT, &to_outer}, {OP_LOG_RC}, END};
    scene_setup();
    scene_spawn("m", m);
    ASSERT_EQ(cio_loop_run_once(&scene_loop, 0), 0);
    ASSERT_EQ(cio_loop_call_soon(&scene_loop, NULL, reschedule_later, NULL), 0);
    scene_run_all();
    ASSERT_LOG("survived-first-deadline m:sleep=ECANCELED m:to_exit=ETIMEDOUT m:rc=-110");
    scene_finish();
}

TEST(timeout_scope_needs_a_running_task) {
    cio_timeout_t to;
    ASSERT_EQ(cio_timeout_enter(&to, MS(1)), CIO_ESTATE);
    ASSERT_EQ(cio_timeout_exit(&to, 3), 3);
}

/* ---- as_completed -------------------------------------------------------------------- */

static cio_as_completed_t ac;
static cio_ac_item_t acitems[3];

static const struct op ac_iter[] = {{OP_AC_NEXT, &ac}, {OP_AC_NEXT, &ac},
                                    {OP_AC_NEXT, &ac}, {OP_AC_NEXT, &ac}, END};

static int ac_init_rc;
static void ac_init_cb(void *arg) {
    ac_init_rc = cio_as_completed_init(&ac, acitems, 3, (cio_time_t)(intptr_t)arg);
}

TEST(as_completed_delivers_each_task_as_it_finishes) {
    static const struct op p0[] = {SLEEP_MS(15), RET(0), END};
    static const struct op p1[] = {SLEEP_MS(10), RET(CIO_EIO), END};
    static const struct op p2[] = {SLEEP_MS(5), RET(2), END};
    scene_setup();
    acitems[0].task = scene_spawn("p0", p0);
    acitems[1].task = scene_spawn("p1", p1);
    acitems[2].task = scene_spawn("p2", p2);
    ASSERT_EQ(cio_loop_call_soon(&scene_loop, NULL, ac_init_cb, (void *)(intptr_t)-1), 0);
    scene_spawn("m", ac_iter);
    scene_run_all();
    ASSERT_EQ(ac_init_rc, 0);
    ASSERT_LOG("m:next=p2 m:next=p1 m:next=p0 m:ac_next=ESTOPITER");
    ASSERT_EQ(cio_task_error(acitems[1].task), CIO_EIO);
    scene_finish();
}

TEST(as_completed_timeout_ends_the_iteration) {
    static const struct op p0[] = {SLEEP_MS(50), RET(0), END};
    static const struct op p1[] = {SLEEP_MS(2), RET(1), END};
    static const struct op p2[] = {SLEEP_MS(60), RET(2), END};
    scene_setup();
    acitems[0].task = scene_spawn("p0", p0);
    acitems[1].task = scene_spawn("p1", p1);
    acitems[2].task = scene_spawn("p2", p2);
    ASSERT_EQ(cio_loop_call_soon(&scene_loop, NULL, ac_init_cb, (void *)(intptr_t)MS(10)), 0);
    scene_spawn("m", ac_iter);
    scene_run_all();
    ASSERT_LOG("m:next=p1 m:ac_next=ETIMEDOUT m:ac_next=ESTOPITER m:ac_next=ESTOPITER");
    scene_finish();
}

/* ---- shield ----------------------------------------------------------------------------- */

TEST(shield_cancelling_the_awaiter_leaves_the_shielded_task_running) {
    static const struct op m[] = {{OP_SHIELD, &c[0]}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok10_2);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("m:shield=ECANCELED m:rc=-125 fast-done");
    ASSERT_EQ(cio_task_result(c[0]), 2);
    scene_finish();
}

TEST(shield_cancelling_the_shielded_task_reaches_the_awaiter) {
    static const struct op m[] = {{OP_SHIELD, &c[0]}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &c[0]}, END};
    scene_setup();
    c[0] = scene_spawn("c0", long_reraise);
    scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("c0:sleep=ECANCELED m:shield=ECANCELED m:rc=-125");
    scene_finish();
}

TEST(shield_result_passes_through) {
    static const struct op m[] = {{OP_SHIELD, &c[0]}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok10_2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fast-done m:shield=2");
    scene_finish();
}

/* ---- task groups ------------------------------------------------------------------------- */

static cio_task_group_t tg;
static int tg_errors[8];

TEST(task_group_exit_waits_for_every_child) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[1]},
                                  LOG("body-done"), {OP_SET_RC, 0, 0},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    c[1] = scene_spawn("c1", ok10_2);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("body-done fast-done slow-done m:rc=0");
    scene_finish();
}

static void add_late_child(void *arg) {
    (void)arg;
    c[2] = actor_spawn(&scene_loop, "late", ok10_2);
    scene_track(c[2]);
    ASSERT_EQ(cio_task_group_add(&tg, c[2], NULL), 0);
}
TEST(task_group_waits_for_children_added_while_waiting) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    static const struct op adder[] = {SLEEP_MS(15), END};
    scene_setup();
    c[0] = scene_spawn("c0", ok20_1);
    scene_spawn("m", m);
    scene_spawn("a", adder);
    ASSERT_EQ(cio_loop_call_later(&scene_loop, NULL, MS(15), add_late_child, NULL), 0);
    scene_run_all();
    /* the late child (10 ms from 15 ms) ends after c0 (20 ms) */
    ASSERT_LOG("slow-done fast-done m:rc=0");
    scene_finish();
}

TEST(task_group_first_failure_cancels_siblings_and_body_errors_in_order) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[1]},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[2]},
                                  {OP_SLEEP, 0, CIO_SEC(10)}, /* the body */
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    scene_setup();
    c[0] = scene_spawn("c0", fail5);
    c[1] = scene_spawn("c1", fail5b);
    c[2] = scene_spawn("c2", long_reraise);
    mtask = scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fail fail-b c2:sleep=ECANCELED m:sleep=ECANCELED m:tg_exit=EIO m:rc=-5");
    ASSERT_EQ(cio_task_group_error_count(&tg), 2);
    ASSERT_EQ(tg_errors[0], CIO_EIO);
    ASSERT_EQ(tg_errors[1], CIO_EPIPE);
    ASSERT_TRUE(cio_task_cancelled(c[2]));
    /* the group withdrew its own cancel request on exit */
    ASSERT_TRUE(!cio_task_cancelled(mtask));
    scene_finish();
}

TEST(task_group_outside_cancellation_propagates_in_and_out) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_SLEEP, 0, CIO_SEC(10)},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", long_reraise);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("m:sleep=ECANCELED c0:sleep=ECANCELED m:tg_exit=ECANCELED m:rc=-125");
    ASSERT_EQ(cio_task_group_error_count(&tg), 0);
    scene_finish();
}

TEST(task_group_cancelled_while_waiting_in_exit) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {SLEEP_MS(2), {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", long_reraise);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    ASSERT_LOG("c0:sleep=ECANCELED m:tg_exit=ECANCELED m:rc=-125");
    scene_finish();
}

TEST(task_group_child_swallowing_cancellation_is_waited_for) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[1]},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    scene_setup();
    c[0] = scene_spawn("c0", fail5);
    c[1] = scene_spawn("c1", swallow_once);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("fail c1:sleep=ECANCELED swallowed cleaned m:tg_exit=EIO m:rc=-5");
    ASSERT_EQ(cio_task_result(c[1]), 7);
    scene_finish();
}

TEST(task_group_cancel_arriving_while_a_child_is_already_failing) {
    /* c0 fails and, in the same iteration, the parent is cancelled from
     * outside before the group processed the failure */
    static const struct op failing_now[] = {LOG("fail-now"), RET(CIO_EIO), END};
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[1]},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    static const struct op canceller[] = {{OP_YIELD}, {OP_CANCEL, &mtask}, END};
    scene_setup();
    c[0] = scene_spawn("c0", failing_now);
    c[1] = scene_spawn("c1", long_reraise);
    mtask = scene_spawn("m", m);
    scene_spawn("x", canceller);
    scene_run_all();
    /* errors win over the cancellation in what exit returns; the outside
     * request is still pending on the task afterwards */
    ASSERT_LOG("fail-now c1:sleep=ECANCELED m:tg_exit=EIO m:rc=-5");
    ASSERT_EQ(cio_task_group_error_count(&tg), 1);
    scene_finish();
}

TEST(task_group_body_error_cancels_children_and_is_reported) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  {OP_SET_RC, 0, CIO_EPIPE},
                                  {OP_TG_EXIT, &tg}, {OP_LOG_RC}, END};
    scene_setup();
    c[0] = scene_spawn("c0", long_reraise);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("c0:sleep=ECANCELED m:tg_exit=EPIPE m:rc=-32");
    ASSERT_EQ(tg_errors[0], CIO_EPIPE);
    scene_finish();
}

TEST(task_group_refuses_children_once_shutting_down) {
    static const struct op m[] = {{OP_TG_ENTER, &tg, (intptr_t)tg_errors},
                                  {OP_TG_ADD, &tg, (intptr_t)&c[0]},
                                  SLEEP_MS(10), {OP_TG_ADD, &tg, (intptr_t)&c[1]},
                                  {OP_LOG_RC}, {OP_SET_RC, 0, 0}, {OP_TG_EXIT, &tg},
                                  END};
    scene_setup();
    c[0] = scene_spawn("c0", fail5);
    c[1] = scene_spawn("c1", ok20_1);
    scene_spawn("m", m);
    scene_run_all();
    /* c1 was refused, so the exit does not wait for it */
    ASSERT_LOG("fail m:sleep=ECANCELED m:tg_add=ESTATE m:rc=-4094 m:tg_exit=EIO slow-done");
    scene_finish();
}

/* ---- job scheduler ------------------------------------------------------------------------ */

static cio_scheduler_t sched;

static cio_task_t *job(const char *name, const struct op *ops) {
    cio_task_t *t = actor_new(&scene_loop, name, ops);
    scene_track(t);
    return t;
}

TEST(scheduler_limits_concurrency_and_starts_pending_jobs_in_order) {
    static const struct op j1[] = {LOG("j1+"), SLEEP_MS(5), LOG("j1-"), END};
    static const struct op j2[] = {LOG("j2+"), SLEEP_MS(20), LOG("j2-"), END};
    static const struct op j3[] = {LOG("j3+"), SLEEP_MS(5), LOG("j3-"), END};
    static const struct op m[] = {SLEEP_MS(30), {OP_SCHED_CLOSE, &sched, CIO_SEC(1)},
                                  {OP_LOG_RC}, END};
    cio_task_t *j4;
    scene_setup();
    cio_scheduler_init(&sched, &scene_loop, 2, 1);
    ASSERT_EQ(cio_scheduler_spawn(&sched, job("j1", j1), NULL), 0);
    ASSERT_EQ(cio_scheduler_spawn(&sched, job("j2", j2), NULL), 0);
    ASSERT_EQ(cio_scheduler_spawn(&sched, job("j3", j3), NULL), 0);
    ASSERT_EQ(cio_scheduler_active_count(&sched), 2);
    ASSERT_EQ(cio_scheduler_pending_count(&sched), 1);
    j4 = job("j4", j3);
    ASSERT_EQ(cio_scheduler_spawn(&sched, j4, NULL), CIO_EQUEUEFULL);
    cio_task_cancel(j4); /* j4 was never accepted: finish it */
    cio_task_start(j4, 0);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("j1+ j2+ j1- j3+ j3- j2- m:rc=0");
    scene_finish();
}

TEST(scheduler_close_waits_up_to_the_timeout_then_cancels) {
    static const struct op quick[] = {SLEEP_MS(2), LOG("quick-done"), END};
    static const struct op slow[] = {{OP_SLEEP, 0, CIO_SEC(10)}, LOG("slow-cleanup"),
                                     END};
    static const struct op never[] = {LOG("never-runs"), END};
    static const struct op m[] = {{OP_SCHED_CLOSE, &sched, MS(10)}, {OP_LOG_RC},
                                  END};
    cio_task_t *pending;
    scene_setup();
    cio_scheduler_init(&sched, &scene_loop, 2, 0);
    ASSERT_EQ(cio_scheduler_spawn(&sched, job("quick", quick), NULL), 0);
    ASSERT_EQ(cio_scheduler_spawn(&sched, job("slow", slow), NULL), 0);
    pending = job("pending", never);
    ASSERT_EQ(cio_scheduler_spawn(&sched, pending, NULL), 0);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("quick-done slow:sleep=ECANCELED slow-cleanup m:sched_close=ETIMEDOUT m:rc=-110");
    ASSERT_TRUE(cio_task_cancelled(pending));
    ASSERT_EQ(cio_scheduler_spawn(&sched, pending, NULL), CIO_EINVAL);
    scene_finish();
}

TEST(scheduler_refuses_jobs_after_close) {
    static const struct op m[] = {{OP_SCHED_CLOSE, &sched, 0}, {OP_LOG_RC}, END};
    cio_task_t *t;
    scene_setup();
    cio_scheduler_init(&sched, &scene_loop, 0, 0);
    scene_spawn("m", m);
    scene_run_all();
    ASSERT_LOG("m:rc=0");
    scene_finish();
    ASSERT_EQ(cio_loop_init(&scene_loop), 0);
    ASSERT_EQ(cio_task_new(&scene_loop, &actor_desc, &t), 0);
    ASSERT_EQ(cio_scheduler_spawn(&sched, t, NULL), CIO_ECLOSED);
    cio_task_release(t);
    ASSERT_EQ(cio_loop_close(&scene_loop), 0);
}

/* ---- no allocation with caller storage ------------------------------------------------------- */

struct gatherer_frame {
    cio_coro_t co;
    int ret;
    struct cio_gather_frame g;
};
static int gatherer_resume(cio_coro_t *co, cio_task_t *task);
static const cio_coro_desc_t gatherer_desc = CIO_DESC_INIT(
    struct gatherer_frame, "gatherer", __FILE__, __LINE__, 1, NULL,
    gatherer_resume, NULL);
static int gatherer_resume(cio_coro_t *co, cio_task_t *task) {
    struct gatherer_frame *f = (struct gatherer_frame *)co;
    CIO_BEGIN(co)
        CIO_POINT(1)
    CIO_BODY
    cio_gather_init(&f->g, gitems, 3, 0);
    CIO_AWAIT(task, co, 1, &gatherer_desc, cio_gather_resume, &f->g.co);
    CIO_RETURN(co, f->ret = f->g.ret);
}

TEST(composition_with_caller_storage_allocates_nothing) {
    static CIO_TASK_STORAGE(struct cio_sleep_frame) sleepers[3];
    static CIO_TASK_STORAGE(struct gatherer_frame) gatherer;
    counting_alloc ca;
    cio_task_t *t;
    int i;
    ASSERT_EQ(cio_loop_init(&scene_loop), 0);
    counting_alloc_install(&ca, &scene_loop);
    for (i = 0; i < 3; i++) {
        ASSERT_EQ(cio_task_init_in(&scene_loop, &cio_sleep_desc, &sleepers[i], &t), 0);
        cio_sleep_init(&sleepers[i].frame, MS(1 + i));
        cio_task_start(t, 0);
        gitems[i].task = t;
    }
    ASSERT_EQ(cio_task_init_in(&scene_loop, &gatherer_desc, &gatherer, &t), 0);
    cio_coro_init(&gatherer.frame.co);
    cio_task_start(t, 0);
    ASSERT_EQ(cio_loop_run_until_complete(&scene_loop, cio_task_future(t)), 0);
    ASSERT_EQ(ca.allocs, 0);
    ASSERT_EQ(cio_loop_close(&scene_loop), 0);
}
