/* cio/async.h - the words of async C, for everything that is not ciogen.
 *
 * Async functions are written in `.ac` files: C with `async` in front of
 * a function and `await` in front of a call of one. ciogen turns them into
 * plain C (docs/generator.md); a C compiler never sees these words in
 * generated code. This header exists for the other readers:
 *
 * - Headers declare async functions for ciogen with CIO_ASYNC, and async
 *   generators (async functions that yield) with CIO_ASYNC_GEN, inside
 *   `#ifdef CIO_ASYNC_DECLARATIONS` so that C compilers skip them:
 *
 *       #ifdef CIO_ASYNC_DECLARATIONS
 *       CIO_ASYNC int fetch(int n);
 *       CIO_ASYNC_GEN int powers(int n);    // yields int values
 *       #endif
 *
 *   ciogen reads those lines (with or without the macro defined) when an
 *   `.ac` file includes the header, and knows that `await fetch(3)` is an
 *   await of an async function returning int, and that
 *   `async for (int v : powers(3))` iterates a generator of int. A
 *   generator declared with the element type void is untyped: the loop
 *   variable gives the type (cio_queue_iter in cio/agen.h). Every header
 *   ciogen generates carries such a block for its public async functions
 *   and generators.
 *
 * - Editors, language servers and linters can read an `.ac` file as C if
 *   they are told what the words mean: compile it as C with
 *   `-DCIO_ASYNC_DECLARATIONS -include cio/async.h`. Then `async` and
 *   `await` vanish, `cio_boxed(f(x))` is `f(x)`, and every async function
 *   declared as above is an ordinary function to them, so completion and
 *   type checking of arguments work. `yield e;` becomes the statement
 *   `e;`. An `async for (int v : gen(x))` loop is no C however the words
 *   are defined: tools report a syntax error on that line and read the
 *   rest of the file. For clangd, a `.clangd` file:
 *
 *       If:
 *         PathMatch: .*\.ac
 *       CompileFlags:
 *         Add: [-xc, -DCIO_ASYNC_DECLARATIONS, -include, cio/async.h]
 *
 *   Include this header before cio.h when CIO_ASYNC_DECLARATIONS is
 *   defined (the runtime's own CIO_ASYNC declarations need it).
 *
 * Nothing here is needed to build generated code; generated headers
 * include it only for the declarations above.
 */
#ifndef CIO_ASYNC_H
#define CIO_ASYNC_H

#ifdef CIO_ASYNC_DECLARATIONS

/** Marks a header declaration of an async function (for ciogen and for
 *  tools; it expands to nothing). */
#define CIO_ASYNC

/** Marks a header declaration of an async generator (cio/agen.h). */
#define CIO_ASYNC_GEN

/** The keywords of .ac files, erased for tools that read them as C. */
#define async
#define await
#define yield

/** `await cio_boxed(f(x))` awaits f with a frame allocated for the await
 *  (the way out of recursion; see docs/generator.md). To a tool it is the
 *  call itself. */
#define cio_boxed(call) (call)

#endif /* CIO_ASYNC_DECLARATIONS */

#endif /* CIO_ASYNC_H */
