/* tests/noalloc/report.h - what noalloc.ac's exercise() observed. */
#ifndef NOALLOC_REPORT_H
#define NOALLOC_REPORT_H

struct noalloc_report {
    int gather, wait, gather2, wait_for, timeout, shielded, as_completed,
        group, sync;
};

#endif
