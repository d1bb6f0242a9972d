/* src/format.c - a small vsnprintf for the library's reports.
 *
 * Why not vsnprintf: bare-metal builds (the riscv64-unknown-elf toolchain
 * has no C library at all) must not need <stdio.h>. Supported: %s %c %d
 * %i %u %x %p %%, with the l and ll length modifiers, a field width and
 * zero padding (%03lu). Enough for every message cio makes; documented
 * for cio_loop_log() users. */
#include "internal.h"

typedef struct out {
    char *buf;
    size_t size, len;
} out;

static void put(out *o, char c) {
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(out *o, const char *s) {
    if (s == NULL)
        s = "(null)";
    while (*s)
        put(o, *s++);
}

static void put_uint(out *o, unsigned long long v, unsigned base, int width,
                     char pad) {
    char tmp[24];
    int n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    while (width-- > n)
        put(o, pad);
    while (n > 0)
        put(o, tmp[--n]);
}

int cio__vformat(char *buf, size_t size, const char *fmt, va_list ap) {
    out o;
    o.buf = buf;
    o.size = size;
    o.len = 0;
    while (*fmt) {
        int width = 0, longs = 0;
        char pad = ' ';
        if (*fmt != '%') {
            put(&o, *fmt++);
            continue;
        }
        fmt++;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            put_str(&o, va_arg(ap, const char *));
            break;
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd':
        case 'i': {
            long long v = longs >= 2   ? va_arg(ap, long long)
                          : longs == 1 ? va_arg(ap, long)
                                       : va_arg(ap, int);
            unsigned long long u;
            if (v < 0) {
                put(&o, '-');
                u = 0ull - (unsigned long long)v;
                width--;
            } else {
                u = (unsigned long long)v;
            }
            put_uint(&o, u, 10, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = longs >= 2   ? va_arg(ap, unsigned long long)
                                   : longs == 1 ? va_arg(ap, unsigned long)
                                                : va_arg(ap, unsigned);
            put_uint(&o, v, *fmt == 'x' ? 16u : 10u, width, pad);
            break;
        }
        case 'p':
            put_str(&o, "0x");
            put_uint(&o, (unsigned long long)(uintptr_t)va_arg(ap, void *), 16,
                     0, ' ');
            break;
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--; /* a lone '%' at the end */
            break;
        default:
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
        fmt++;
    }
    if (size > 0)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int cio__format(char *buf, size_t size, const char *fmt, ...) {
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = cio__vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void cio__zero(void *p, size_t n) {
    unsigned char *c = (unsigned char *)p;
    while (n--)
        *c++ = 0;
}
