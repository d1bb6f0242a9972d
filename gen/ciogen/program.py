"""The program: every input of one invocation, analysed together.

- Loads and parses each `.ac` file, finds its async functions (definitions
  and prototypes) and the headers it includes.
- Builds the table of async functions visible to each file: its own, the
  non-static ones of every other input, and those its headers declare.
- Analyses each async body (analysis.py), then builds the call graph of
  embedded awaits across all files and reports recursion: a frame cannot
  contain itself.
- Decides what each generated header needs (other generated headers, in
  an order without cycles) and where in the generated `.c` each static
  frame can be defined.
"""

import os
import re

from ciogen.analysis import FunctionAnalysis
from ciogen.declarations import DeclParser, GEN_WORD
from ciogen.diag import SourceFile, UserError
from ciogen.headers import signature_from_item
from ciogen.lexer import (LexError, tokenize, include_target, define_name,
                          directive_name, IDENT, PP, COND_OPEN, COND_CLOSE)
from ciogen.parser import BodyParser, match_brackets, split_top_level

HELPER_SUFFIXES = ("spawn", "spawn_in", "result", "run", "init", "resume",
                   "desc", "frame", "task")
# The helpers that run an async function as a task: none for generators.
TASK_SUFFIXES = ("spawn_in", "spawn", "result", "run", "task")


class Param:
    def __init__(self, name, tok, ctype):
        self.name = name
        self.tok = tok
        self.ctype = ctype


class AsyncFunc:
    """An async function definition or prototype in an input."""

    def __init__(self, program, inp, item):
        self.program = program
        self.input = inp
        self.item = item
        self.name = item.name
        self.name_tok = item.decl.name_tok
        self.static = item.specs.storage == "static"
        self.is_def = item.kind == "async" and item.body is not None
        self.body = None
        self.ret = None
        self.params = []
        self.sig = None
        self.analysis = None
        self.layout = None
        self.lowered = None
        self.callees = []  # (AwaitPoint, AsyncFunc or None)
        self.deferred = False
        self.in_header = False  # its frame struct is in the .h
        self.uses = set()  # helper suffixes user code mentions
        self.is_gen = False  # an async generator (it yields)
        self.gen_word = "async"  # async, CIO_ASYNC or CIO_ASYNC_GEN

    @property
    def line(self):
        return self.name_tok.line

    @property
    def loc(self):
        return self.name_tok.loc

    def __repr__(self):
        return "AsyncFunc(%s)" % self.name


class Input:
    """One `.ac` file."""

    def __init__(self, program, index, display, text):
        self.program = program
        self.index = index
        self.display = display
        self.src = SourceFile(display, text)
        base = os.path.basename(display)
        self.base = base[:-3] if base.endswith(".ac") else \
            os.path.splitext(base)[0]
        self.c_name = self.base + ".c"
        self.h_name = self.base + ".h"
        self.toks = []
        self.match = {}
        self.items = []
        self.functions = []  # AsyncFunc, in file order
        self.local_sigs = {}  # name -> (first declaration index, sig)
        self.header_sigs = {}
        self.typedefs = set()
        self.typedef_types = {}  # name -> CType, where known
        self.top_defs = {}  # name -> token: types/macros defined here
        self.includes = []  # top-level #include items
        self.needs_inputs = set()  # other Inputs whose header the .c needs
        self.idents = set()
        self._pp_ranges = None

    def decl_parser(self, is_type_name):
        return DeclParser(self.toks, self.match, is_type_name)

    def pp_conditional_at(self, tok_index, func):
        """Is token tok_index inside an #if group that opens within the
        body of `func`?"""
        body = func.body
        depth = 0
        for k in range(body.first, tok_index):
            t = self.toks[k]
            if t.kind == PP:
                name = directive_name(t)
                if name in COND_OPEN:
                    depth += 1
                elif name in COND_CLOSE:
                    depth -= 1
        return depth > 0


class Program:
    def __init__(self, paths, options, diags):
        self.options = options
        self.diags = diags
        self.inputs = []
        self.paths = paths
        self.public = {}  # name -> canonical AsyncSig of non-static fns
        self.scanner = None
        self.runtime_include = None
        self._runtime_sigs = None
        self.defs = {}  # (input index or None, name) -> AsyncFunc

    # -- loading -----------------------------------------------------------------

    def load(self):
        names = {}
        for i, (display, text) in enumerate(self.paths):
            inp = Input(self, i, display, text)
            other = names.get(inp.c_name)
            if other is not None:
                self.diags.error(None, "'%s' and '%s' would both generate "
                                 "'%s'; rename one" % (other, display,
                                                        inp.c_name))
                continue
            names[inp.c_name] = display
            self.inputs.append(inp)
        for inp in self.inputs:
            try:
                self.parse_top(inp)
            except LexError as e:
                self.diags.error(e.loc, e.message)
                inp.failed = True
            except UserError:
                inp.failed = True
            else:
                inp.failed = False
        self.inputs_ok = [inp for inp in self.inputs if not inp.failed]

    def parse_top(self, inp):
        inp.toks = tokenize(inp.src)
        inp.match = match_brackets(inp.toks, self.diags)
        inp.items = split_top_level(inp.toks, inp.match, self.diags, inp.src)
        toks = inp.toks
        dp = inp.decl_parser(lambda name: name in inp.typedefs)
        for t in toks:
            if t.kind == IDENT:
                inp.idents.add(t.value)
        for item in inp.items:
            if item.kind == "pp":
                for k in range(item.first, item.last + 1):
                    t = toks[k]
                    if t.kind != PP:
                        continue
                    if include_target(t) is not None:
                        inp.includes.append(item)
                    name = define_name(t)
                    if name is not None:
                        inp.top_defs.setdefault(name, t)
                continue
            if item.specs is None:
                continue
            sp = item.specs
            for kw, name, lbrace in sp.tag_defs:
                if name is not None:
                    inp.top_defs.setdefault("%s %s" % (kw, name), toks[lbrace])
                if kw == "enum":
                    from ciogen.analysis import _enumerators
                    for e in _enumerators(toks, lbrace, inp.match[lbrace]):
                        inp.top_defs.setdefault(e.value, e)
            if sp.storage == "typedef":
                decls, _ = dp.init_declarators(sp.end, item.last)
                for d in decls:
                    if d.name_tok is not None:
                        inp.typedefs.add(d.name_tok.value)
                        inp.typedef_types[d.name_tok.value] = dp.ctype(sp, d)
                        inp.top_defs.setdefault(d.name_tok.value, d.name_tok)
            if item.kind == "async":
                self.async_item(inp, item, dp)

    def async_item(self, inp, item, dp):
        toks = inp.toks
        sp = item.specs
        d = item.decl
        diags = self.diags
        if d is None or d.name_tok is None or d.params is None or \
                not d.derivs or d.derivs[0] != "func":
            diags.error(sp.async_tok.loc, "'async' applies to functions only")
            return
        if sp.storage not in (None, "static", "extern"):
            diags.error(sp.storage_tok.loc, "an async function cannot be "
                        "'%s'" % sp.storage)
            return
        if sp.inline_tok is not None:
            diags.error(sp.inline_tok.loc, "an async function cannot be "
                        "'%s': it becomes a frame and a resume function"
                        % sp.inline_tok.value)
            return
        if sp.attr_tok is not None:
            diags.error(sp.attr_tok.loc, "attributes on async functions are "
                        "not supported")
            return
        if sp.tag_defs:
            diags.error(toks[sp.tag_defs[0][2]].loc, "an async function's "
                        "return type cannot be defined in its declaration; "
                        "define the type first")
            return
        f = AsyncFunc(self, inp, item)
        f.ret = dp.return_type(sp, d)
        word = sp.async_tok.value
        f.gen_word = word
        yield_tok = _first_yield(toks, item.body, item.last) \
            if f.is_def else None
        f.is_gen = word == GEN_WORD or yield_tok is not None
        if f.ret.is_void:
            f.ret = None
        elif f.ret.is_array or (f.ret.derivs and f.ret.derivs[0] == "func"):
            diags.error(f.name_tok.loc, "async %s '%s' cannot %s an array "
                        "or a function" % (
                            "generator" if f.is_gen else "function", f.name,
                            "yield" if f.is_gen else "return"))
            return
        if f.is_def and word == "CIO_ASYNC" and yield_tok is not None:
            diags.error(yield_tok.loc, "'%s' is declared CIO_ASYNC but "
                        "yields: an async generator is declared "
                        "CIO_ASYNC_GEN (or just 'async')" % f.name)
            return
        if f.is_def and f.is_gen and f.ret is None:
            d_ = diags.error(f.name_tok.loc, "async generator '%s' must "
                             "declare the type of the values it yields, not "
                             "void" % f.name)
            if yield_tok is not None:
                d_.note(yield_tok.loc, "'%s' is a generator because it "
                        "yields here" % f.name)
            return
        pl = d.params
        if pl.variadic is not None:
            diags.error(pl.variadic.loc, "an async function cannot be "
                        "variadic: its arguments are stored in its frame")
            return
        if pl.kr and pl.params:
            diags.error(toks[pl.lparen].loc, "old-style parameter lists are "
                        "not supported for async functions")
            return
        for n, p in enumerate(pl.params, 1):
            ct = dp.param_ctype(p)
            if p.name is None and f.is_def:
                diags.error(toks[p.start].loc, "parameter %d of async "
                            "function '%s' has no name" % (n, f.name))
                return
            f.params.append(Param(p.name, p.decl.name_tok, ct))
        sig = signature_from_item(item, toks, dp, "input")
        if pl.kr and not f.is_def:
            sig.params = None  # `async int f();`: unknown parameters
        sig.is_gen = f.is_gen
        f.sig = sig
        sig.input = inp
        if f.is_def:
            sig.func = f
        inp.functions.append(f)
        prev = inp.local_sigs.get(f.name)
        if prev is None:
            inp.local_sigs[f.name] = (item.first, sig)
        else:
            first, psig = prev
            self._check_kind(f, psig)
            if f.is_def:
                if psig.func is not None and exclusive(psig.func.item.cond,
                                                       item.cond):
                    # `#if A ... #else ...` alternatives: both are generated
                    # in their branch; awaits see the first
                    f.alternative = True
                    return
                if psig.func is not None:
                    diags.error(f.loc, "redefinition of async function '%s'"
                                % f.name).note(psig.func.loc,
                                               "'%s' was defined here"
                                               % f.name)
                    return
                if psig.static != f.static and not (psig.static and
                                                    not f.static):
                    pass
                # the definition is what counts; keep the first position
                sig.static = sig.static or psig.static
                f.static = sig.static
                inp.local_sigs[f.name] = (first, sig)

    def _check_kind(self, f, psig):
        """A prototype and a definition must agree on being a generator;
        a prototype that says just `async` fits both."""
        first = next((g for g in f.input.functions if g.sig is psig), None)
        if first is None:
            return
        if f.is_def:
            proto, defn = first, f
        elif first.is_def:
            proto, defn = f, first
        else:
            return
        if proto.gen_word == GEN_WORD and not defn.is_gen:
            self.diags.error(defn.loc, "'%s' is declared CIO_ASYNC_GEN but "
                             "does not yield" % f.name).note(
                proto.loc, "declared as an async generator here")
        elif proto.gen_word == "CIO_ASYNC" and defn.is_gen:
            self.diags.error(defn.loc, "'%s' yields, but it is declared "
                             "CIO_ASYNC: declare it CIO_ASYNC_GEN"
                             % f.name).note(proto.loc, "declared as an async "
                                            "function here")

    # -- the async function table ------------------------------------------------

    def build_tables(self, scanner, runtime_include=None):
        self.scanner = scanner
        self.runtime_include = runtime_include
        diags = self.diags
        public_defs = {}
        for inp in self.inputs_ok:
            for f in inp.functions:
                if f.is_def and not getattr(f, "alternative", False):
                    self.defs[(inp.index, f.name)] = f
                    if not f.static:
                        prev = public_defs.get(f.name)
                        if prev is not None:
                            diags.error(f.loc, "duplicate async function "
                                        "'%s': also defined in %s"
                                        % (f.name, prev.input.display)).note(
                                prev.loc, "'%s' is defined here" % f.name)
                            continue
                        public_defs[f.name] = f
        for name, f in public_defs.items():
            self.public[name] = f.sig
        # prototypes of functions defined elsewhere in the invocation point
        # at the definition's signature; static prototypes need a body
        for inp in self.inputs_ok:
            for name, (first, sig) in list(inp.local_sigs.items()):
                if sig.func is not None:
                    continue
                if sig.static:
                    diags.error(sig.tok.loc, "static async function '%s' is "
                                "declared but never defined" % name)
                    continue
                canon = self.public.get(name)
                if canon is not None:
                    inp.local_sigs[name] = (first, canon)
        for inp in self.inputs_ok:
            includes = []
            for item in inp.includes:
                for k in range(item.first, item.last + 1):
                    t = inp.toks[k]
                    if t.kind == PP:
                        target = include_target(t)
                        if target is not None:
                            includes.append(target)
            base = os.path.dirname(inp.display)
            sigs, typedefs, typedef_types = scanner.collect(includes, base)
            inp.header_sigs = sigs
            inp.typedefs |= typedefs
            for name, ct in typedef_types.items():
                inp.typedef_types.setdefault(name, ct)

    def runtime_sig(self, name):
        """An async function the runtime's headers declare (for hints when
        a file forgot to include cio.h), or None."""
        if self._runtime_sigs is None:
            self._runtime_sigs = {}
            if self.scanner is not None and self.runtime_include:
                sigs, _, _ = self.scanner.collect([("cio.h", True)],
                                                  self.runtime_include)
                self._runtime_sigs = sigs
        return self._runtime_sigs.get(name)

    def lookup_async(self, inp, name, tok_index, report=None):
        """The async function `name` as seen from token tok_index of inp,
        or None. With `report` (a FunctionAnalysis), a use before the
        declaration in the same file is reported."""
        entry = inp.local_sigs.get(name)
        if entry is not None:
            first, sig = entry
            if first < tok_index or report is None:
                return sig
            if name in inp.header_sigs:
                return inp.header_sigs[name]
            tok = inp.toks[tok_index]
            d = report.error(tok, "async function '%s' is used before its "
                             "declaration" % name)
            d.note(sig.tok.loc, "'%s' is declared here" % name)
            d.note(tok.loc, "declare it before this use:\n    %s;"
                   % prototype_text(sig))
            return sig
        sig = inp.header_sigs.get(name)
        if sig is not None:
            return sig
        sig = self.public.get(name)
        if sig is not None and sig.input is not inp:
            return sig
        return None

    # -- bodies ---------------------------------------------------------------------

    def analyse(self):
        for inp in self.inputs_ok:
            typedefs = inp.typedefs
            for f in inp.functions:
                if not f.is_def:
                    continue
                lbrace = f.item.body
                bp = BodyParser(inp.toks, inp.match, typedefs, self.diags,
                                inp.src)
                try:
                    f.body = bp.function_body(lbrace, [p.name for p in
                                                       f.params])
                except UserError:
                    f.body = None
                    continue
                fa = FunctionAnalysis(f, self.diags)
                try:
                    fa.run()
                except UserError:
                    f.body = None
                    continue
                f.analysis = fa
            self.check_plain_code(inp)
            self._generator_helpers(inp)

    def check_plain_code(self, inp):
        """`await` outside async functions; async functions called like
        plain ones; names declared both ways."""
        toks = inp.toks
        for item in inp.items:
            if item.kind == "async":
                f = next((g for g in inp.functions if g.item is item), None)
                if f is None:
                    continue  # rejected; its body is not looked at
                if f.is_def:
                    # only the declarator part here; bodies were analysed
                    rng = range(item.first, item.body)
                else:
                    rng = range(item.first, item.last + 1)
            elif item.kind in ("decl", "func"):
                rng = range(item.first, item.last + 1)
            else:
                continue
            if item.kind in ("decl", "func") and item.name is not None and \
                    item.name in inp.local_sigs and item.decl is not None and \
                    item.decl.params is not None:
                sig = inp.local_sigs[item.name][1]
                self.diags.error(item.decl.name_tok.loc, "'%s' is declared "
                                 "both as an async and as a plain function"
                                 % item.name).note(sig.tok.loc,
                                                   "the async declaration "
                                                   "is here")
            skip_to = -1
            for k in rng:
                t = toks[k]
                if t.kind != IDENT or k <= skip_to:
                    continue
                if t.value == "await":
                    self.diags.error(t.loc, "'await' outside an async "
                                     "function")
                    continue
                if t.value == "yield" and _yield_keyword(toks, k,
                                                         inp.typedefs):
                    self.diags.error(t.loc, "'yield' outside an async "
                                     "function").note(
                        t.loc, "an async function that yields is an async "
                        "generator: 'async int gen(void) { ... yield v; "
                        "... }'")
                    continue
                if t.value == "async" and toks[k + 1].is_ident("for"):
                    self.diags.error(t.loc, "'async for' outside an async "
                                     "function")
                    if toks[k + 2].is_op("("):
                        skip_to = inp.match.get(k + 2, k)
                    continue
                if item.kind == "async":
                    continue
                if k > 0 and toks[k - 1].is_ident("await"):
                    continue  # already reported: await outside async
                if k + 1 < len(toks) and toks[k + 1].is_op("(") and \
                        (k == 0 or not (toks[k - 1].kind == "punct" and
                                        toks[k - 1].value in (".", "->"))) \
                        and not (item.decl is not None and
                                 item.decl.name_tok is t):
                    sig = self.lookup_async(inp, t.value, k)
                    if sig is not None and sig.is_gen:
                        d = self.diags.error(t.loc, "async generator '%s' "
                                             "cannot be called like a plain "
                                             "function" % t.value)
                        d.note(t.loc, "iterate it in an async function: "
                               "'async for (%s v : %s(...)) ...'"
                               % (_elem_name(sig), t.value))
                    elif sig is not None:
                        params = ", ".join(n or "..." for n, _ in
                                           (sig.params or []))
                        d = self.diags.error(t.loc, "async function '%s' "
                                             "cannot be called like a plain "
                                             "function" % t.value)
                        d.note(t.loc, "run it as a task: '%s_spawn(loop, "
                               "NULL%s)' or '%s_run(loop, ...)', or await it "
                               "from an async function"
                               % (t.value, ", " + params if params else "",
                                  t.value))

    # -- the call graph ---------------------------------------------------------------

    def link(self):
        """Resolve awaited functions to definitions; report recursion."""
        funcs = [f for inp in self.inputs_ok for f in inp.functions
                 if f.is_def and f.analysis is not None]
        for f in funcs:
            f.callees = []
            for p in f.analysis.points:
                if p.callee is None:
                    continue
                callee = p.callee.func
                f.callees.append((p, callee))
            # frames embedded without an await: generators
            for e in f.analysis.embeds:
                f.callees.append((e, e.callee.func))
        self.report_recursion(funcs)
        return funcs

    def report_recursion(self, funcs):
        index = {id(f): n for n, f in enumerate(funcs)}
        edges = {}
        for f in funcs:
            out = []
            for p, c in f.callees:
                if c is not None and not p.boxed and id(c) in index:
                    out.append((c, p))
            edges[id(f)] = out
        for comp in _sccs(funcs, edges):
            cyclic = len(comp) > 1 or any(c is comp[0] for c, _ in
                                          edges[id(comp[0])])
            if not cyclic:
                continue
            comp_ids = {id(f) for f in comp}
            start = min(comp, key=lambda f: (f.input.index, f.name_tok.index))
            path = _cycle_path(start, edges, comp_ids)
            names = " -> ".join(f.name for f, _ in path) + " -> " + start.name
            first_f, first_p = path[0]
            awaits_only = all(p.verb == "awaits" for _, p in path)
            if len(path) == 1 and awaits_only:
                msg = ("recursive await: '%s' awaits itself (%s); a frame "
                       "cannot contain itself" % (start.name, names))
            elif len(path) == 1:
                msg = ("recursive %s: '%s' %s itself; a frame cannot "
                       "contain itself" % (
                           "generator" if first_p.verb == "iterates" else
                           "frame", start.name, first_p.verb))
            else:
                msg = ("recursive %s: %s; a frame cannot contain itself"
                       % ("awaits" if awaits_only else "frames", names))
            d = self.diags.error(first_p.tok.loc, msg)
            for f, p in path[1:]:
                d.note(p.tok.loc, "'%s' %s '%s' here"
                       % (f.name, p.verb, p.callee.name))
            boxable = next(((f, p) for f, p in path if p.verb == "awaits"),
                           None)
            if boxable is not None:
                callee = boxable[1].callee.name
                d.note(boxable[1].tok.loc, "allocate the awaited frame "
                       "instead of embedding it (one allocation per await; "
                       "CIO_ENOMEM if that fails):\n    await cio_boxed("
                       "%s(...))" % callee)
            else:
                d.note(first_p.tok.loc, "the frame of a generator is "
                       "always embedded in its consumer's (there is no "
                       "cio_boxed for 'async for'): replace the recursion "
                       "with a loop over an explicit stack")
            for f in comp:
                f.recursive = True

    # -- placement ------------------------------------------------------------------------

    def place(self, funcs):
        """Decide which frames go to which header, the includes each
        generated file needs, and which definitions must wait until the
        end of their .c file.

        A public function's frame goes to the generated header, so that
        other files can embed it - unless it uses a type or macro that
        only its .ac file defines. Then the frame stays private to the .c
        file (the function can still be awaited there and spawned from
        anywhere), and awaiting it from another file is an error that says
        why."""
        for f in funcs:
            f.local_uses = self._local_type_uses(f)
            # a signature with such types cannot even be declared in the
            # header: the whole function is private to the .c file
            f.sig_private = any(tok is f.name_tok or what.startswith(
                "parameter") for tok, what, _, _ in f.local_uses)
        exportable = {}
        for f in funcs:
            self._exportable(f, exportable)
        for f in funcs:
            if not f.static and exportable[id(f)]:
                self._mark_header(f)
        # helpers user code mentions
        for inp in self.inputs_ok:
            for f in inp.functions:
                if not f.is_def:
                    continue
                for suffix in HELPER_SUFFIXES:
                    if "%s_%s" % (f.name, suffix) in inp.idents:
                        f.uses.add(suffix)

            # other inputs whose helpers this file uses
            for other in self.inputs_ok:
                if other is inp:
                    continue
                for g in other.functions:
                    if g.is_def and not g.static and any(
                            "%s_%s" % (g.name, s) in inp.idents
                            for s in HELPER_SUFFIXES):
                        inp.needs_inputs.add(other)
        for f in funcs:
            inp = f.input
            f.header_deps = []
            for p, c in f.callees:
                if c is None or c.input is inp:
                    continue
                inp.needs_inputs.add(c.input)
                if c.sig_private:
                    self._private_frame_error(p, c, signature=True)
                    continue
                if not c.in_header:
                    # a boxed await needs the frame's type as well (its
                    # size, its `co` and `ret`)
                    self._private_frame_error(p, c)
                    continue
                if p.boxed:
                    continue
                if f.in_header and c.input not in f.header_deps:
                    f.header_deps.append(c.input)
        # definitions that must wait for frames defined later in the file
        for inp in self.inputs_ok:
            done = set()
            for f in inp.functions:
                if not f.is_def or f.analysis is None:
                    continue
                if not f.in_header:
                    for p, c in f.callees:
                        if c is None or p.boxed or c.input is not inp or \
                                c.in_header:
                            continue
                        if id(c) not in done or c.deferred:
                            f.deferred = True
                done.add(id(f))

    def _generator_helpers(self, inp):
        """A generator is no task: `g_spawn`, `g_run`, ... do not exist."""
        gens = {}
        for other in self.inputs_ok:
            for g in other.functions:
                if g.is_def and g.is_gen and (other is inp or not g.static):
                    gens.setdefault(g.name, g)
        for name, sig in inp.header_sigs.items():
            if sig.is_gen:
                gens.setdefault(name, sig)
        if not gens:
            return
        seen = set()
        for t in inp.toks:
            if t.kind != IDENT or t.value in seen:
                continue
            for suffix in TASK_SUFFIXES:
                if t.value.endswith("_" + suffix) and \
                        t.value[:-len(suffix) - 1] in gens:
                    seen.add(t.value)
                    name = t.value[:-len(suffix) - 1]
                    self.diags.error(t.loc, "async generator '%s' has no "
                                     "'%s': a generator is no task" % (
                                         name, t.value)).note(
                        t.loc, "iterate it in an async function: 'async for "
                        "(%s v : %s(...)) ...'; to run that as a task, "
                        "spawn the async function" % (
                            _elem_name(gens[name]), name))
                    break

    def _exportable(self, f, memo):
        """Can f's frame be declared in its header?"""
        key = id(f)
        if key in memo:
            return memo[key]
        memo[key] = True  # recursion is reported elsewhere
        ok = not f.local_uses
        for p, c in f.callees:
            if c is not None and not p.boxed and c.input is f.input and \
                    not self._exportable(c, memo):
                ok = False
        memo[key] = ok
        return ok

    def _mark_header(self, f):
        if f.in_header:
            return
        f.in_header = True
        for p, c in f.callees:
            if c is not None and not p.boxed and c.input is f.input and \
                    c.static:
                self._mark_header(c)

    def _local_type_uses(self, f):
        """(token, what, word, where) for every frame field of f whose type
        uses a name that only f's .ac file defines."""
        inp = f.input
        items = []
        if f.ret is not None:
            items.append((f.name_tok, "the return value", f.ret))
        for p in f.params:
            items.append((p.tok, "parameter '%s'" % p.name, p.ctype))
        for v in f.analysis.vars:
            if v.hoisted:
                items.append((v.tok, "'%s'" % v.name, v.ctype))
        # the types ciogen writes for static async functions of this file
        # exist only in its .c file too: `struct g_task` always, and
        # `struct g_frame` unless f embeds it by awaiting or iterating g
        # (then g's frame goes to the header with f's, see _mark_header)
        embedded = {c.name for p, c in f.callees if c is not None and not p.boxed}
        generated = {}
        for g in inp.functions:
            if g.is_def and g.static:
                generated["struct %s_task" % g.name] = g.name_tok
                if g.name not in embedded:
                    generated["struct %s_frame" % g.name] = g.name_tok
        out = []
        for tok, what, ct in items:
            for word in _type_words(ct):
                if word.startswith(("struct ", "union ")) and ct.derivs and \
                        ct.derivs[0] == "ptr":
                    continue  # a pointer does not need the definition
                where = inp.top_defs.get(word) or generated.get(word)
                if where is not None:
                    out.append((tok, what, word, where))
                    break
        return out

    def _private_frame_error(self, p, c, signature=False):
        reasons = c.local_uses
        owner = c
        if signature:
            tok, what, word, where = reasons[0]
            d = self.diags.error(p.tok.loc, "cannot %s '%s' (%s) here: "
                                 "it is private to %s" % (
                                     _infinitive(p.verb), c.name,
                                     c.input.display, c.input.c_name))
            d.note(tok.loc, "%s of '%s' has a type that uses '%s', which only "
                   "%s defines, so %s cannot declare it" % (
                       what, c.name, word, c.input.display, c.input.h_name))
            d.note(where.loc, _private_type_advice(word, where,
                                                   c.input.display))
            return
        if not reasons:
            # one of its children is private
            for q, g in c.callees:
                if g is not None and not q.boxed and g.local_uses:
                    owner, reasons = g, g.local_uses
                    break
        d = self.diags.error(p.tok.loc, "cannot %s '%s' (%s) from "
                             "another file: its frame is private to %s" % (
                                 _infinitive(p.verb), c.name,
                                 c.input.display, c.input.c_name))
        if reasons:
            tok, what, word, where = reasons[0]
            d.note(tok.loc, "%s of '%s' has a type that uses '%s', which "
                   "only %s defines" % (what, owner.name, word,
                                        owner.input.display))
            d.note(where.loc, _private_type_advice(word, where,
                                                   owner.input.display) +
                   "; then the frame goes to %s" % c.input.h_name)


def _private_type_advice(word, where, display):
    """How to make `word` visible to other files."""
    if word.endswith(("_task", "_frame")) and \
            word.split(" ", 1)[-1].startswith(where.value + "_"):
        return ("'%s' belongs to the static async function '%s': remove "
                "'static' from it so that its types go to the header"
                % (word, where.value))
    return "move '%s' to a header that %s includes" % (word, display)


def _infinitive(verb):
    """'awaits' -> 'await', 'embeds the frame of' -> 'embed the frame of'."""
    head, _, rest = verb.partition(" ")
    return head[:-1] + (" " + rest if rest else "")


def _elem_name(sig):
    """The element type of a generator, for suggestions."""
    return sig.ret.abstract() if sig.ret is not None else "T"


def _yield_keyword(toks, k, typedefs):
    """Is the `yield` at k in plain C code meant as the keyword? Only when
    C could not read it: followed by a name or a literal (`yield x;`) -
    a function or variable named yield stays usable."""
    if k > 0 and toks[k - 1].kind == "punct" and toks[k - 1].value in (
            ".", "->"):
        return False
    if "yield" in typedefs:
        return False
    return toks[k + 1].kind in ("ident", "number", "string", "char")


def _first_yield(toks, lbrace, rbrace):
    """The first `yield` keyword of a body, or None. A body with one is
    an async generator's."""
    if lbrace is None:
        return None
    for k in range(lbrace + 1, rbrace):
        t = toks[k]
        if t.kind == IDENT and t.value == "yield" and not (
                toks[k - 1].kind == "punct" and toks[k - 1].value in
                (".", "->")):
            return t
    return None


def exclusive(cond_a, cond_b):
    """Can two conditional contexts never be compiled together (different
    branches of one #if group)?"""
    for ca, cb in zip(cond_a, cond_b):
        if ca[0] is not cb[0]:
            return False
        if ca != cb:
            return True
    return False


def _type_words(ct):
    words = list(ct.spec_words)
    out = []
    for i, w in enumerate(words):
        if w in ("struct", "union", "enum") and i + 1 < len(words):
            out.append("%s %s" % (w, words[i + 1]))
        elif re.match(r"[A-Za-z_]\w*$", w):
            out.append(w)
    for p in ct.parts:
        if p is not None and re.match(r"[A-Za-z_]\w*$", p):
            out.append(p)
    return out


def prototype_text(sig):
    """`async int fetch(int n)` for a signature."""
    params = ", ".join(ct.declare(n) if n else ct.abstract()
                       for n, ct in (sig.params or [])) or "void"
    ret = sig.ret
    head = ("static " if sig.static else "") + "async "
    if ret is None:
        return "%svoid %s(%s)" % (head, sig.name, params)
    return head + ret.declare("%s(%s)" % (sig.name, params))


def _sccs(nodes, edges):
    """Tarjan's strongly connected components, deterministic: nodes in the
    given order, edges in their order."""
    index = {}
    low = {}
    on = set()
    stack = []
    out = []
    counter = [0]

    def visit(v):
        index[id(v)] = low[id(v)] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(id(v))
        for w, _ in edges.get(id(v), ()):
            if id(w) not in index:
                visit(w)
                low[id(v)] = min(low[id(v)], low[id(w)])
            elif id(w) in on:
                low[id(v)] = min(low[id(v)], index[id(w)])
        if low[id(v)] == index[id(v)]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(id(w))
                comp.append(w)
                if w is v:
                    break
            out.append(comp)

    for v in nodes:
        if id(v) not in index:
            visit(v)
    return out


def _cycle_path(start, edges, comp_ids):
    """A path start -> ... -> start inside one component: [(func, point
    where func awaits the next)]."""
    # BFS for the shortest cycle back to start
    from collections import deque
    prev = {}
    q = deque([start])
    seen = {id(start)}
    found = None
    while q and found is None:
        v = q.popleft()
        for w, p in edges[id(v)]:
            if id(w) not in comp_ids:
                continue
            if w is start:
                found = (v, p)
                break
            if id(w) not in seen:
                seen.add(id(w))
                prev[id(w)] = (v, p)
                q.append(w)
    path = []
    v, p = found
    path.append((v, p))
    while v is not start:
        u, pu = prev[id(v)]
        path.append((u, pu))
        v = u
    path.reverse()
    return path
