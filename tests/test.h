/* tests/test.h - a tiny test registry and assertions.
 *
 *     TEST(timers_fire_in_deadline_order) {
 *         ASSERT_EQ(order[0], 2);
 *     }
 *
 * Each TEST registers itself (a constructor function); tests/main.c runs
 * one test by name (`test_loop timers_fire_in_deadline_order`) or all of
 * them. CMake finds the TEST(...) names in each file and registers every
 * test with CTest separately. A failed assertion prints the expression and
 * both values with file:line, and ends the process with status 1.
 */
#ifndef CIO_TEST_H
#define CIO_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*test_fn)(void);
void test_register(const char *name, test_fn fn);

#define TEST(name)                                                        \
    static void test_##name(void);                                        \
    static void test_register_##name(void) __attribute__((constructor));  \
    static void test_register_##name(void) {                              \
        test_register(#name, test_##name);                                \
    }                                                                     \
    static void test_##name(void)

void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

#define ASSERT_TRUE(x)                                                     \
    do {                                                                   \
        if (!(x))                                                          \
            test_fail(__FILE__, __LINE__, "ASSERT_TRUE(%s) failed", #x);   \
    } while (0)

#define ASSERT_EQ(a, b)                                                    \
    do {                                                                   \
        long long test_a_ = (long long)(a), test_b_ = (long long)(b);      \
        if (test_a_ != test_b_)                                            \
            test_fail(__FILE__, __LINE__,                                  \
                      "ASSERT_EQ(%s, %s) failed: %lld != %lld", #a, #b,    \
                      test_a_, test_b_);                                   \
    } while (0)

#define ASSERT_NE(a, b)                                                    \
    do {                                                                   \
        long long test_a_ = (long long)(a), test_b_ = (long long)(b);      \
        if (test_a_ == test_b_)                                            \
            test_fail(__FILE__, __LINE__,                                  \
                      "ASSERT_NE(%s, %s) failed: both %lld", #a, #b,       \
                      test_a_);                                            \
    } while (0)

#define ASSERT_LE(a, b)                                                    \
    do {                                                                   \
        long long test_a_ = (long long)(a), test_b_ = (long long)(b);      \
        if (!(test_a_ <= test_b_))                                         \
            test_fail(__FILE__, __LINE__,                                  \
                      "ASSERT_LE(%s, %s) failed: %lld > %lld", #a, #b,     \
                      test_a_, test_b_);                                   \
    } while (0)

#define ASSERT_PTR_EQ(a, b)                                                \
    do {                                                                   \
        const void *test_a_ = (const void *)(a);                           \
        const void *test_b_ = (const void *)(b);                           \
        if (test_a_ != test_b_)                                            \
            test_fail(__FILE__, __LINE__,                                  \
                      "ASSERT_PTR_EQ(%s, %s) failed: %p != %p", #a, #b,    \
                      test_a_, test_b_);                                   \
    } while (0)

#define ASSERT_STREQ(a, b)                                                 \
    do {                                                                   \
        const char *test_a_ = (a), *test_b_ = (b);                         \
        if (test_a_ == NULL || test_b_ == NULL ||                          \
            strcmp(test_a_, test_b_) != 0)                                 \
            test_fail(__FILE__, __LINE__,                                  \
                      "ASSERT_STREQ(%s, %s) failed: \"%s\" != \"%s\"", #a, \
                      #b, test_a_ ? test_a_ : "(null)",                    \
                      test_b_ ? test_b_ : "(null)");                       \
    } while (0)

/* ---- Helpers shared by the runtime tests (tests/util.c) ---------------- */

/* An event log: tests append short strings and compare the sequence. */
void log_clear(void);
void log_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *log_text(void); /* entries joined by ' ' */
#define ASSERT_LOG(expected) ASSERT_STREQ(log_text(), (expected))

/* A counting allocator for a loop: counts allocations and live bytes, and
 * can be told to fail after N more allocations (-1: never). */
struct cio_loop_s;
typedef struct counting_alloc {
    long allocs, frees, live;
    long fail_after;
} counting_alloc;
void counting_alloc_install(counting_alloc *ca, struct cio_loop_s *loop);

/* Collects what the library reports through the log hook. */
void reports_install(struct cio_loop_s *loop);
const char *reports_text(void); /* reports joined by '\n' */
int reports_count(void);

#endif /* CIO_TEST_H */
