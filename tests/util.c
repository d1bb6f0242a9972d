/* tests/util.c - helpers shared by the runtime tests. */
#include <stdarg.h>

#include "cio.h"
#include "test.h"

static char log_buf[8192];
static size_t log_len;

void log_clear(void) {
    log_len = 0;
    log_buf[0] = 0;
}

void log_add(const char *fmt, ...) {
    va_list ap;
    int n;
    if (log_len > 0 && log_len < sizeof log_buf - 1)
        log_buf[log_len++] = ' ';
    va_start(ap, fmt);
    n = vsnprintf(log_buf + log_len, sizeof log_buf - log_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        log_len += (size_t)n;
    if (log_len >= sizeof log_buf)
        log_len = sizeof log_buf - 1;
}

const char *log_text(void) { return log_buf; }

static void *counting_alloc_fn(void *ctx, size_t size) {
    counting_alloc *ca = (counting_alloc *)ctx;
    void *p;
    if (ca->fail_after == 0)
        return NULL;
    if (ca->fail_after > 0)
        ca->fail_after--;
    p = malloc(size);
    if (p != NULL) {
        ca->allocs++;
        ca->live += (long)size;
    }
    return p;
}

static void counting_free_fn(void *ctx, void *p, size_t size) {
    counting_alloc *ca = (counting_alloc *)ctx;
    ca->frees++;
    ca->live -= (long)size;
    free(p);
}

void counting_alloc_install(counting_alloc *ca, cio_loop_t *loop) {
    cio_allocator_t a;
    ca->allocs = ca->frees = ca->live = 0;
    ca->fail_after = -1;
    a.alloc = counting_alloc_fn;
    a.free = counting_free_fn;
    a.ctx = ca;
    cio_loop_set_allocator(loop, &a);
}

static char reports_buf[16384];
static size_t reports_len;
static int reports_n;

static void reports_hook(void *ctx, cio_loop_t *loop, cio_log_level_t level,
                         const char *msg) {
    int n;
    (void)ctx;
    (void)loop;
    (void)level;
    n = snprintf(reports_buf + reports_len, sizeof reports_buf - reports_len,
                 "%s%s", reports_len ? "\n" : "", msg);
    if (n > 0)
        reports_len += (size_t)n;
    if (reports_len >= sizeof reports_buf)
        reports_len = sizeof reports_buf - 1;
    reports_n++;
}

void reports_install(cio_loop_t *loop) {
    reports_len = 0;
    reports_buf[0] = 0;
    reports_n = 0;
    cio_loop_set_log(loop, reports_hook, NULL);
}

const char *reports_text(void) { return reports_buf; }
int reports_count(void) { return reports_n; }
