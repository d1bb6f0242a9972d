/* cio/list.h - the intrusive doubly linked ring every queue in cio uses.
 *
 * A `cio_list_t` is a sentinel node; an empty list points at itself. Nodes
 * live inside the objects they link (tasks, handles), so putting an object
 * on a list never allocates, and a node can unlink itself in O(1) without
 * knowing which list it is on. An unlinked node points at itself too, so
 * cio_node_linked() tells whether it is on a list.
 *
 * These helpers are public because the structs that embed nodes are; user
 * code rarely needs them.
 */
#ifndef CIO_LIST_H
#define CIO_LIST_H

#include <stddef.h>

typedef struct cio_node_s {
    struct cio_node_s *next;
    struct cio_node_s *prev;
} cio_node_t;

/** A list is its sentinel node. */
typedef cio_node_t cio_list_t;

/** The struct that contains `ptr`, a pointer to its `member`. */
#define CIO_CONTAINER_OF(ptr, type, member) \
    ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

static inline void cio_list_init(cio_list_t *l) { l->next = l->prev = l; }
static inline void cio_node_init(cio_node_t *n) { n->next = n->prev = n; }
static inline int cio_list_empty(const cio_list_t *l) { return l->next == l; }
static inline int cio_node_linked(const cio_node_t *n) { return n->next != n; }

/** Append `n` (unlinked) at the tail of `l`. */
static inline void cio_list_push_back(cio_list_t *l, cio_node_t *n) {
    n->prev = l->prev;
    n->next = l;
    l->prev->next = n;
    l->prev = n;
}

/** Insert `n` (unlinked) at the head of `l`. */
static inline void cio_list_push_front(cio_list_t *l, cio_node_t *n) {
    n->next = l->next;
    n->prev = l;
    l->next->prev = n;
    l->next = n;
}

/** Unlink `n` from whatever list it is on; harmless if it is on none. */
static inline void cio_node_unlink(cio_node_t *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}

/** Move every node of `from` to the tail of `to`, in order; `from` ends
 *  empty. O(1). */
static inline void cio_list_splice_back(cio_list_t *to, cio_list_t *from) {
    if (cio_list_empty(from))
        return;
    from->next->prev = to->prev;
    to->prev->next = from->next;
    from->prev->next = to;
    to->prev = from->prev;
    cio_list_init(from);
}

#endif /* CIO_LIST_H */
