/* src/heap.c - the timer heap: an intrusive pairing heap.
 *
 * Why a pairing heap: it is a min-heap whose nodes live inside the timer
 * handles (no array to grow, so scheduling never allocates), insertion is
 * O(1), removing an arbitrary node (cancelling a timer) is O(log n)
 * amortized, and it is fast in practice. Order is (deadline, sequence
 * number), so equal deadlines fire in the order they were scheduled.
 *
 * Each node links to its first child, its next sibling, and `prev`: the
 * previous sibling, or the parent for a first child.
 */
#include "internal.h"

static int heap_less(const cio_heap_node_t *a, const cio_heap_node_t *b) {
    const cio_handle_t *ha = CIO__HANDLE_OF_HEAP(a);
    const cio_handle_t *hb = CIO__HANDLE_OF_HEAP(b);
    if (ha->when != hb->when)
        return ha->when < hb->when;
    /* sequence numbers wrap; live timers are never 2^31 apart */
    return (int32_t)(ha->seq - hb->seq) < 0;
}

/* Meld two roots (either may be NULL); returns the new root. */
static cio_heap_node_t *meld(cio_heap_node_t *a, cio_heap_node_t *b) {
    if (a == NULL)
        return b;
    if (b == NULL)
        return a;
    if (heap_less(b, a)) {
        cio_heap_node_t *t = a;
        a = b;
        b = t;
    }
    /* b becomes a's first child */
    b->next = a->child;
    if (a->child != NULL)
        a->child->prev = b;
    b->prev = a;
    a->child = b;
    a->next = NULL;
    a->prev = NULL;
    return a;
}

/* Two-pass pairing of a sibling list starting at `first`. */
static cio_heap_node_t *merge_pairs(cio_heap_node_t *first) {
    cio_heap_node_t *pairs = NULL; /* melded pairs, in reverse order */
    cio_heap_node_t *result;

    while (first != NULL) {
        cio_heap_node_t *a = first, *b = first->next, *m;
        if (b != NULL) {
            first = b->next;
            a->next = a->prev = NULL;
            b->next = b->prev = NULL;
            m = meld(a, b);
        } else {
            first = NULL;
            a->next = a->prev = NULL;
            m = a;
        }
        m->next = pairs; /* push; `prev` is unused while on this stack */
        pairs = m;
    }
    result = NULL;
    while (pairs != NULL) {
        cio_heap_node_t *m = pairs;
        pairs = pairs->next;
        m->next = NULL;
        result = meld(result, m);
    }
    return result;
}

void cio__heap_insert(cio_loop_t *loop, cio_handle_t *h) {
    cio_heap_node_t *n = &h->link.heap;
    n->child = n->next = n->prev = NULL;
    loop->timers = meld(loop->timers, n);
    loop->ntimers++;
}

void cio__heap_remove(cio_loop_t *loop, cio_handle_t *h) {
    cio_heap_node_t *n = &h->link.heap;
    if (n == loop->timers) {
        loop->timers = merge_pairs(n->child);
    } else {
        /* unlink n (with its subtree) from its parent's child list */
        if (n->prev->child == n)
            n->prev->child = n->next;
        else
            n->prev->next = n->next;
        if (n->next != NULL)
            n->next->prev = n->prev;
        loop->timers = meld(loop->timers, merge_pairs(n->child));
    }
    n->child = n->next = n->prev = NULL;
    loop->ntimers--;
}

cio_handle_t *cio__heap_min(const cio_loop_t *loop) {
    return loop->timers != NULL ? CIO__HANDLE_OF_HEAP(loop->timers) : NULL;
}
