"""ciogen - the code generator of cio.

It turns `.ac` files (C plus `async`, `await`, and for async generators
`yield` and `async for`) into plain C: every async function becomes a
frame struct and a resume function that targets the frame ABI of
include/cio/coro.h (and, for generators, cio/agen.h). The passes, in the order data flows:

    lexer     C tokens with positions and the text between them
    parser    top-level items; statements, declarations and (where an
              await hides) expressions of async bodies
    headers   which functions are async in the headers the inputs include
    analysis  scopes, locals, await and yield points, async for loops,
              the cross-file call graph
    layout    the frame of every async function (what shares storage)
    lower     edits that turn each async body into a state machine
    emit      C text, from the Jinja2 templates in gen/templates/
    cli       the command line; diag: compiler-style diagnostics
"""

__version__ = "0.1.0"

#: The frame ABI the generated code targets (CIO_ABI_VERSION in cio/coro.h).
ABI_VERSION = 1
