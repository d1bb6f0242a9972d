"""Analysis of one async function: scopes, locals, await points.

Walking the statements of a body in order, with C's scope rules, it
- resolves every identifier of user code to a parameter or local (or to
  nothing: a global, a function, a macro),
- records every `await` (a resume point, numbered densely from 1 in source
  order) and checks what is awaited,
- decides which locals live in the frame: a local whose scope contains an
  await after its initialisation must survive a suspension; every other
  local stays a plain C local (its own initializer's await does not count
  unless the initializer uses the local itself),
- rejects what cannot work: VLAs, alloca, unsized frame arrays, awaits in
  positions that are never evaluated or are not values, calls of async
  functions without `await`, returns that do not match the function.
"""

from ciogen.declarations import KNOWN_TYPEDEFS, CType
from ciogen.diag import Location
from ciogen.expressions import (ExprParser, ExprError, await_target, unparen,
                                SUSPEND_WORDS)
from ciogen.lexer import IDENT, PUNCT, STRING

NORETURN_CALLS = frozenset(("exit", "abort", "_Exit", "quick_exit",
                            "longjmp", "siglongjmp", "__builtin_unreachable",
                            "__builtin_trap", "pthread_exit", "thrd_exit"))


class Scope:
    """A C scope: the function's outermost block, a block, or a `for`
    statement's own scope. Tokens [start, end] (inclusive)."""

    def __init__(self, kind, start, end, parent, line):
        self.kind = kind
        self.start = start
        self.end = end
        self.parent = parent
        self.line = line
        self.vars = {}
        self.tags = {}  # struct/union/enum tags defined here
        self.children = []
        self.locals = []  # Vars declared here, in order
        if parent is not None:
            parent.children.append(self)

    def lookup(self, name):
        s = self
        while s is not None:
            v = s.vars.get(name)
            if v is not None:
                return v
            s = s.parent
        return None

    def lookup_tag(self, name):
        s = self
        while s is not None:
            if name in s.tags:
                return s.tags[name]
            s = s.parent
        return None

    def __repr__(self):
        return "Scope(%s %d..%d)" % (self.kind, self.start, self.end)


class Var:
    """A name declared in an async function: a parameter, a local, or
    something that only shadows (a static local, a typedef, an enum
    constant, a function declaration)."""

    def __init__(self, name, kind, tok, scope):
        self.name = name
        self.kind = kind  # param local static typedef enumconst func
        self.tok = tok
        self.scope = scope
        self.ctype = None
        self.stmt = None
        self.decl = None
        self.init = None  # (start, end) of the initializer
        self.init_end = tok.index if tok is not None else 0
        self.hoisted = False
        self.self_ref = False  # its initializer mentions it
        self.field = None  # the frame field (layout)
        self.register = False

    @property
    def automatic(self):
        return self.kind in ("param", "local")

    def __repr__(self):
        return "Var(%s %s)" % (self.kind, self.name)


class AwaitPoint:
    """A resume point of the function: an `await`, a `yield`, or one of
    the awaits an `async for` makes (`cio_anext` for the next value,
    `cio_aclose` to close the generator on the way out).

    kind       'await', 'yield', 'anext' or 'aclose'
    afor       for anext/aclose: the AsyncFor
    value_used for a yield: is its value (0 or CIO_ECLOSED) used? If not,
               the generator stops there when it is closed
    exits      for such a yield inside `async for` loops: the return plan
               (see FunctionAnalysis.return_plan) run when it is closed
    """

    _seq = 0

    def __init__(self, tok, scope, stmt, kind="await"):
        self.tok = tok  # the `await` token (where it is, for the others)
        self.scope = scope
        self.stmt = stmt
        self.kind = kind
        self.number = 0
        self.node = None  # the await or yield expression node
        self.callee = None  # AsyncSig
        self.callee_tok = None
        self.args = []  # argument nodes
        self.boxed = False
        self.slot = None  # frame field of the child frame (layout)
        self.text = ""  # the await expression as written (one line)
        self.afor = None
        self.value_used = True
        self.exits = []
        AwaitPoint._seq += 1
        self.seq = AwaitPoint._seq  # creation order, among equals
        # where it is among the tokens, for its number and for the scopes
        # it suspends in (after a loop for the close that ends the loop)
        self.at = tok.index

    @property
    def line(self):
        return self.tok.line

    @property
    def verb(self):
        return "awaits"


class AsyncFor:
    """An `async for` loop: its generator, its loop variable, the resume
    points of its awaits and what happens to an error.

    Without a status variable an error of the generator (or of closing
    it) is returned by the enclosing function (`propagate`): then
    `fail_next` and `fail_close` are the return plans that close the
    enclosing loops on that way out."""

    def __init__(self, stmt, parent):
        self.stmt = stmt
        self.parent = parent  # the enclosing AsyncFor, or None
        self.sig = None  # the generator's AsyncSig
        self.scope = None
        self.gen_var = None  # the generator's frame (a 'genframe' Var)
        self.loop_var = None  # a declared loop variable
        self.target_var = None  # an existing variable as loop variable
        self.next_point = None
        self.close_point = None
        self.fail_next = []
        self.fail_close = []

    @property
    def propagate(self):
        return self.stmt.status is None

    def enclosing(self):
        """The AsyncFors around this one, innermost first."""
        out = []
        a = self.parent
        while a is not None:
            out.append(a)
            a = a.parent
        return out


class Embed:
    """A frame of another async function inside this one that is no
    await: an `async for`'s generator, or a local of type `struct
    g_frame` (explicit iteration). For the call graph (program.py)."""

    boxed = False

    def __init__(self, tok, callee, verb):
        self.tok = tok
        self.callee = callee
        self.verb = verb
        self.kind = "embed"


class FunctionAnalysis:
    """Runs the analysis of one AsyncFunc (see program.py)."""

    def __init__(self, func, diags):
        self.func = func
        self.inp = func.input
        self.toks = func.input.toks
        self.diags = diags
        self.exprs = {}  # (start, end) -> parsed Node
        self.points = []
        self.refs = {}  # identifier token index -> Var
        self.vars = []
        self.scopes = []
        self.loops = {}  # continue Stmt -> loop Stmt it belongs to
        self.errors = 0
        self.afors = []  # AsyncFor, in source order
        self.afor_of = {}  # id(asyncfor Stmt) -> AsyncFor
        self.exits = {}  # id(return/goto Stmt) -> plan (see return_plan)
        self.embeds = []  # Embed
        self.addressed_extra = set()  # ids of Vars used as `&v`
        self._afor_stack = []  # the AsyncFors around the statement
        self._switch_depth = []  # len(_afor_stack) at each open switch
        self._labels = {}  # label name -> AsyncFor stack there
        self._gotos = []  # (goto Stmt, AsyncFor stack there)
        self._agen_sigs = None
        self.expr_parser = ExprParser(self.toks, func.input.match,
                                      self._is_type_name)
        self._scope = None

    # -- diagnostics ---------------------------------------------------------------

    def error(self, tok_or_index, message):
        tok = self.toks[tok_or_index] if isinstance(tok_or_index, int) \
            else tok_or_index
        self.errors += 1
        return self.diags.error(tok.loc, message)

    def _span_loc(self, first, last):
        a, b = self.toks[first], self.toks[last]
        return Location(a.src, a.start, max(1, b.end - a.start)
                        if a.line == b.line else a.end - a.start)

    # -- names -----------------------------------------------------------------------

    def _is_type_name(self, name):
        scope = self._scope
        if scope is not None:
            v = scope.lookup(name)
            if v is not None:
                return v.kind == "typedef"
        return name in self.inp.typedefs or name in KNOWN_TYPEDEFS or \
            name.endswith("_t")

    # -- the walk ----------------------------------------------------------------------

    def run(self):
        f = self.func
        body = f.body
        root = Scope("function", body.first, body.last, None,
                     self.toks[body.first].line)
        self.scopes.append(root)
        self._scope = root
        self.root = root
        for p in f.params:
            v = Var(p.name, "param", p.tok, root)
            v.ctype = p.ctype
            v.init_end = body.first
            root.vars[p.name] = v
            root.locals.append(v)
            self.vars.append(v)
        self.statements(body.items, root, loop=None, breakable=None)
        self.resolve_gotos()
        self.decide_frame()
        self.check_locals()
        self.check_returns()
        self.find_embeds()
        # numbered in source order (the awaits of an `async for` are
        # created when its loop or an exit is seen)
        self.points.sort(key=lambda p: (p.at, p.seq))
        for n, p in enumerate(self.points, 1):
            p.number = n
        return self

    def new_scope(self, kind, start, end, parent):
        s = Scope(kind, start, end, parent, self.toks[start].line)
        self.scopes.append(s)
        return s

    def statements(self, items, scope, loop, breakable):
        for s in items:
            self.statement(s, scope, loop, breakable)

    def statement(self, s, scope, loop, breakable):
        k = s.kind
        self._scope = scope
        if k == "compound":
            inner = self.new_scope("block", s.first, s.last, scope)
            self.statements(s.items, inner, loop, breakable)
        elif k == "decl":
            self.declaration(s, scope)
        elif k == "expr":
            self.expression(s.expr[0], s.expr[1], scope, s, discarded=True)
        elif k == "if":
            self.expression(s.cond[0] + 1, s.cond[1], scope, s)
            self.statement(s.then, scope, loop, breakable)
            if s.else_ is not None:
                self.statement(s.else_, scope, loop, breakable)
        elif k in ("while", "do"):
            if k == "while":
                self.expression(s.cond[0] + 1, s.cond[1], scope, s)
            self.statement(s.body, scope, s, s)
            if k == "do":
                self._scope = scope
                self.expression(s.cond[0] + 1, s.cond[1], scope, s)
        elif k == "for":
            fs = self.new_scope("for", s.first, s.last, scope)
            self._scope = fs
            if isinstance(s.init, tuple):
                self.expression(s.init[0], s.init[1], fs, s, discarded=True)
            elif s.init is not None:
                self.declaration(s.init, fs)
            if s.test is not None:
                self.expression(s.test[0], s.test[1], fs, s)
            if s.step is not None:
                self.expression(s.step[0], s.step[1], fs, s, discarded=True)
            self.statement(s.body, fs, s, s)
        elif k == "asyncfor":
            self.async_for(s, scope)
        elif k == "switch":
            self.expression(s.cond[0] + 1, s.cond[1], scope, s)
            self._switch_depth.append(len(self._afor_stack))
            self.statement(s.body, scope, loop, s)
            self._switch_depth.pop()
        elif k in ("case", "default"):
            if k == "case":
                self.no_await(s.expr[0], s.expr[1], "a 'case' label",
                              "case labels must be constant expressions")
            if self._switch_depth and \
                    self._switch_depth[-1] < len(self._afor_stack):
                inner = self._afor_stack[self._switch_depth[-1]]
                self.error(s.first, "this '%s' label jumps into the 'async "
                           "for' loop at line %d from the 'switch' around "
                           "it, past the start of its generator"
                           % (k, self.toks[inner.stmt.first].line))
            if s.stmt is not None:
                self.statement(s.stmt, scope, loop, breakable)
        elif k == "label":
            self._labels.setdefault(s.name_tok.value,
                                    (s, tuple(self._afor_stack)))
            self.statement(s.stmt, scope, loop, breakable)
        elif k == "goto":
            self._gotos.append((s, tuple(self._afor_stack)))
        elif k == "return":
            if s.expr is not None:
                self.expression(s.expr[0], s.expr[1], scope, s)
            if self._afor_stack:
                self.exits[id(s)] = self.return_plan(
                    self.toks[s.first], self._afor_stack[::-1])
        elif k == "continue":
            if loop is None:
                self.error(s.first, "'continue' statement not in loop "
                           "statement")
            else:
                self.loops[s] = loop
        elif k == "break":
            if breakable is None:
                self.error(s.first, "'break' statement not in loop or "
                           "switch statement")
        elif k == "other":
            self.no_await(s.first, s.last, "this statement", None)
            self.resolve_range(s.first, s.last, scope)

    # -- declarations --------------------------------------------------------------

    def declaration(self, s, scope):
        sp = s.specs
        toks = self.toks
        dp = self.func.input.decl_parser(self._is_type_name)
        if sp.async_tok is not None:
            self.error(sp.async_tok, "an async function cannot be declared "
                       "inside another function")
            return
        for kw, name, lbrace in sp.tag_defs:
            if name is not None:
                scope.tags[name] = (kw, lbrace, s)
            if kw == "enum":
                for etok in _enumerators(toks, lbrace,
                                         self.func.input.match[lbrace]):
                    v = Var(etok.value, "enumconst", etok, scope)
                    scope.vars[etok.value] = v
        # typedef names and tags used by the specifiers
        self.resolve_specs(sp, scope)
        for d in s.decls:
            if d.name_tok is None:
                continue
            name = d.name_tok.value
            if sp.storage == "typedef":
                kind = "typedef"
            elif d.params is not None and d.derivs and d.derivs[0] == "func":
                kind = "func"
            elif sp.storage in ("static", "extern", "_Thread_local",
                                "__thread"):
                kind = "static"
            else:
                kind = "local"
            v = Var(name, kind, d.name_tok, scope)
            v.stmt = s
            v.decl = d
            v.register = sp.storage == "register"
            v.ctype = dp.ctype(sp, d)
            # array sizes: a local or parameter there makes a VLA
            for lb, rb in d.array_dims:
                self.check_dims(lb, rb, scope, name)
            prev = scope.vars.get(name)
            if prev is not None and prev.automatic and kind == "local" and \
                    prev.scope is scope and prev.kind != "param":
                self.error(d.name_tok, "redeclaration of '%s'" % name).note(
                    prev.tok.loc, "previous declaration of '%s' was here"
                    % name)
            if prev is not None and prev.kind == "param" and \
                    scope is self.root:
                self.error(d.name_tok, "'%s' redeclared as a different kind "
                           "of symbol" % name if kind != "local" else
                           "redeclaration of parameter '%s'" % name)
            scope.vars[name] = v
            if kind == "local":
                scope.locals.append(v)
            self.vars.append(v)
            if d.init is not None:
                v.init = d.init
                v.init_end = d.init[1]
                if kind == "static":
                    self.no_await(d.init[0], d.init[1],
                                  "the initializer of a static local",
                                  "a static local's initializer must be "
                                  "constant")
                self.expression(d.init[0], d.init[1], scope, s,
                                initializer=True, declared=v)
            else:
                v.init_end = d.end

    def resolve_specs(self, sp, scope):
        """typeof(...) and _Alignas(...) in specifiers may name locals."""
        toks = self.toks
        for k in sp.type_idx:
            t = toks[k]
            if t.kind == IDENT and t.value in ("__typeof__", "typeof",
                                               "__typeof"):
                self.no_await(k, k + 1, "'typeof'", None)

    def check_dims(self, lb, rb, scope, name):
        toks = self.toks
        self.no_await(lb + 1, rb, "an array size", {
            "await": "the frame needs a constant size; await into a "
            "variable first and use a constant-size array",
            "yield": "the frame needs a constant size"})
        for k in range(lb + 1, rb):
            t = toks[k]
            if t.kind == IDENT and not _is_member(toks, k):
                v = scope.lookup(t.value)
                if v is not None and v.automatic:
                    self.error(toks[lb], "variable-length array '%s' in an "
                               "async function: its size must be a constant, "
                               "because the frame's size is fixed when "
                               "compiling" % name)
                    return

    # -- expressions -----------------------------------------------------------------

    def no_await(self, start, end, where, why):
        """Report an await or a yield in tokens [start, end), which are
        `where`; False if there is one."""
        for k in range(start, end):
            t = self.toks[k]
            if t.kind == IDENT and t.value in SUSPEND_WORDS:
                msg = "'%s' in %s" % (t.value, where)
                if isinstance(why, dict):
                    why = why[t.value]
                if why:
                    msg += "; " + why
                self.error(t, msg)
                return False
        return True

    def expression(self, start, end, scope, stmt, initializer=False,
                   declared=None, discarded=False):
        """Resolve the names in tokens [start, end), record awaits and
        yields, check calls of async functions. `discarded`: the value of
        the expression is not used (an expression statement, the init
        and step of a `for`)."""
        toks = self.toks
        self._scope = scope
        awaits = [k for k in range(start, end)
                  if toks[k].kind == IDENT and toks[k].value in
                  SUSPEND_WORDS]
        targets = set()
        if awaits:
            words = sorted({toks[k].value for k in awaits})
            try:
                if initializer:
                    node = self.expr_parser.parse_initializer(start, end)
                else:
                    node = self.expr_parser.parse(start, end)
            except ExprError as e:
                self.error(e.tok_index, "%s (in an expression that contains "
                           "%s)" % (e.message, " and ".join(
                               "'%s'" % w for w in words)))
                return
            self.exprs[(start, end)] = node
            targets = self.check_awaits(node, scope, stmt, initializer,
                                        discarded)
        self.resolve_range(start, end, scope, targets, declared)

    def resolve_range(self, start, end, scope, targets=frozenset(),
                      declared=None):
        toks = self.toks
        k = start
        while k < end:
            t = toks[k]
            if t.kind != IDENT or t.value in SUSPEND_WORDS or \
                    k in targets:
                k += 1
                continue
            if t.value in ("offsetof", "__builtin_offsetof") and \
                    k + 1 < end and toks[k + 1].is_op("("):
                # offsetof(type, member): nothing in it names a local
                k = self.inp.match.get(k + 1, k) + 1
                continue
            if _is_member(toks, k):
                k += 1
                continue
            v = scope.lookup(t.value)
            if v is not None:
                if v.automatic:
                    self.refs[k] = v
                    if v is declared:
                        v.self_ref = True
            else:
                if t.value in ("alloca", "__builtin_alloca") and \
                        k + 1 < end and toks[k + 1].is_op("("):
                    self.error(t, "'%s' in an async function: its memory "
                               "does not survive a suspension" % t.value)
                sig = self.func.program.lookup_async(self.inp, t.value, k)
                if sig is not None:
                    self.async_misuse(k, sig)
            k += 1

    def async_misuse(self, k, sig):
        toks = self.toks
        t = toks[k]
        called = k + 1 < len(toks) and toks[k + 1].is_op("(")
        if sig.is_gen:
            d = self.error(t, "%s async generator '%s' outside 'async for'"
                           % ("call to" if called else "use of", t.value))
            d.note(t.loc, "iterate it: 'async for (%s v : %s(...)) ...'"
                   % (_elem(sig), t.value))
            return
        params = ", ".join(n or "..." for n, _ in sig.params)
        args = ("loop, NULL, " + params) if params else "loop, NULL"
        if called:
            d = self.error(t, "call to async function '%s' without 'await'"
                           % t.value)
            d.note(t.loc, "await it: 'await %s(...)', or run it as a task: "
                   "'%s_spawn(%s)'" % (t.value, t.value, args))
        else:
            d = self.error(t, "async function '%s' used as a value; there "
                           "is no C function of that name" % t.value)
            d.note(t.loc, "await it: 'await %s(...)', or run it as a task: "
                   "'%s_spawn(%s)'" % (t.value, t.value, args))

    def check_awaits(self, node, scope, stmt, initializer, discarded=False):
        """Validate every await and yield of an expression tree; returns
        the token indices that belong to await targets (callee names)."""
        targets = set()
        self._check(node, None, scope, stmt, targets,
                    value_used=not discarded, top=node)
        return targets

    def _check(self, node, parent, scope, stmt, targets, value_used, top):
        kind = node.kind
        if kind == "sizeof" and node.has_await:
            a = next(n for n in node.walk() if n.kind in ("await", "yield"))
            what = "sizeof" if node.op == "sizeof" else node.op
            d = self.error(a.tok, "'%s' in the operand of '%s', which is "
                           "never evaluated" % (a.kind, what))
            if a.kind == "yield":
                self._suppress(node, targets)
                return
            rtype = "..."
            for n in node.walk():
                if n.kind == "await":
                    target = await_target(n)
                    if target is not None:
                        targets.add(target[0])
                        sig = self.func.program.lookup_async(
                            self.inp, self.toks[target[0]].value, target[0])
                        if sig is not None and n is a and sig.ret:
                            rtype = sig.ret.abstract()
            d.note(self.toks[a.tok].loc, "await into a variable first:\n"
                   "    %s r = %s;\n    ... %s(r) ..."
                   % (rtype, self._text(a), what))
            return
        if kind == "await":
            self.await_point(node, parent, scope, stmt, targets, value_used)
            return
        if kind == "yield":
            self.yield_point(node, scope, stmt, targets, value_used, top)
            return
        if kind in ("unary", "postfix") and node.op in ("&", "++", "--"):
            inner = unparen(node.kids[0])
            if inner.kind == "await":
                self.error(inner.tok, "the result of 'await' is not an lvalue"
                           "; '%s' needs one" % node.op)
                self._suppress(node, targets)
                return
        if kind == "assign":
            inner = unparen(node.kids[0])
            if inner.kind == "await":
                self.error(inner.tok, "the result of 'await' is not an "
                           "lvalue; it cannot be assigned to")
                self._suppress(node, targets)
                return
        for i, kid in enumerate(node.kids):
            used = True
            if kind == "comma" and i == 0:
                used = False
            elif kind == "cast" and self._is_void_cast(node):
                used = False
            elif kind == "paren" or (kind == "comma" and i == 1):
                used = value_used
            self._check(kid, node, scope, stmt, targets, used, top)

    def _suppress(self, node, targets):
        """After an error about an await, do not also complain that its
        callee is called without await."""
        for n in node.walk():
            if n.kind == "await":
                target = await_target(n)
                if target is not None:
                    targets.add(target[0])

    def _is_void_cast(self, node):
        lp, rp = node.extra
        return rp == lp + 2 and self.toks[lp + 1].is_ident("void")

    def _text(self, node):
        from ciogen.declarations import range_text
        return range_text(self.toks, node.first, node.last + 1)

    def await_point(self, node, parent, scope, stmt, targets, value_used):
        toks = self.toks
        p = AwaitPoint(toks[node.tok], scope, stmt)
        p.node = node
        p.text = self._text(node)
        self.points.append(p)
        if self.func.input.pp_conditional_at(node.tok, self.func):
            self.error(node.tok, "'await' inside #if/#ifdef in an async "
                       "function is not supported: its resume point must "
                       "exist in every configuration; use a plain 'if' on a "
                       "constant instead")
        target = await_target(node)
        if target is None:
            self.not_awaitable(node, None)
            return
        callee_k, args, call = target
        name = toks[callee_k].value
        if name == "cio_boxed":
            if len(args) != 1:
                self.error(callee_k, "'cio_boxed' takes one call of an async "
                           "function")
                return
            targets.add(callee_k)
            inner = self._reparse(args[0])
            if inner is None:
                return
            inner_target = await_target(
                _FakeAwait(inner)) if inner.kind in ("call", "paren") \
                else None
            if inner_target is None:
                self.error(args[0].first, "'cio_boxed' takes a call of an "
                           "async function, e.g. 'await cio_boxed(f(n - 1))'")
                return
            callee_k, args, call = inner_target
            name = toks[callee_k].value
            p.boxed = True
        v = scope.lookup(name)
        sig = None
        if v is None:
            sig = self.func.program.lookup_async(self.inp, name, callee_k,
                                                 report=self)
        if sig is None:
            self.not_awaitable(node, name, v)
            return
        targets.add(callee_k)
        if sig.is_gen:
            self.not_awaitable_generator(node, sig, p.boxed)
            self._suppress(node, targets)
            return
        p.callee = sig
        p.callee_tok = toks[callee_k]
        p.args = args
        for a in args:
            self._check(a, call, scope, stmt, targets, True, node)
        if len(args) != len(sig.params) and sig.params is not None and \
                not (len(args) == 0 and not sig.params):
            self.error(callee_k, "async function '%s' takes %d argument%s, "
                       "%d given" % (name, len(sig.params),
                                     "" if len(sig.params) == 1 else "s",
                                     len(args)))
        if sig.ret is None and value_used and not self._statement_level(
                node, parent, stmt):
            self.error(node.tok, "async function '%s' returns void; its "
                       "await has no value" % name)
        if p.boxed and (sig.ret is None or not sig.ret.is_integer()):
            self.error(callee_k, "'cio_boxed' needs an async function that "
                       "returns an integer type (an allocation failure makes "
                       "the await yield CIO_ENOMEM); '%s' returns %s"
                       % (name, "void" if sig.ret is None else
                          sig.ret.abstract()))

    def _statement_level(self, node, parent, stmt):
        """Is this await the whole value of an expression statement (or the
        operand of a void cast / the left of a comma)?"""
        if parent is None:
            return stmt.kind == "expr"
        return parent.kind in ("comma", "cast")

    def _reparse(self, leaf):
        """Parse an argument kept as a leaf (cio_boxed's) structurally."""
        ep = self.expr_parser
        try:
            ep.i = leaf.first
            ep.end = leaf.last + 1
            node = ep.postfix_from(ep.primary())
            if ep.i != leaf.last + 1:
                raise ExprError(ep.i, "unexpected token")
            return node
        except ExprError:
            self.error(leaf.first, "'cio_boxed' takes a call of an async "
                       "function, e.g. 'await cio_boxed(f(n - 1))'")
            return None

    def not_awaitable_generator(self, node, sig, boxed):
        loc = self._span_loc(node.first, node.last)
        d = self.diags.error(loc, "'%s' is an async generator: it yields "
                             "values and cannot be %s" % (
                                 sig.name, "boxed and awaited" if boxed
                                 else "awaited"))
        self.errors += 1
        d.note(self.toks[node.tok].loc, "iterate it: 'async for (%s v : "
               "%s(...)) ...', or step it by hand: 'struct %s_frame g; "
               "%s_init(&g, ...);' then 'await cio_anext(&g.agen, &v)'"
               % (_elem(sig), sig.name, sig.name, sig.name))

    def yield_point(self, node, scope, stmt, targets, value_used, top):
        """A `yield e`: a resume point where the generator hands a value
        to its consumer."""
        p = AwaitPoint(self.toks[node.tok], scope, stmt, "yield")
        p.node = node
        p.text = self._text(node)
        p.value_used = value_used
        self.points.append(p)
        if self.func.input.pp_conditional_at(node.tok, self.func):
            self.error(node.tok, "'yield' inside #if/#ifdef in an async "
                       "function is not supported: its resume point must "
                       "exist in every configuration")
        if not value_used and self._afor_stack:
            # stopping there when closed leaves the loops around it
            p.exits = self.return_plan(p.tok, self._afor_stack[::-1])
        self._check(node.kids[0], node, scope, stmt, targets, True, top)

    def not_awaitable(self, node, name, var=None):
        toks = self.toks
        loc = self._span_loc(node.first, node.last)
        if name is None:
            d = self.diags.error(loc, "'await' needs a call of an async "
                                 "function")
        elif var is not None:
            d = self.diags.error(loc, "'%s' is a %s, not an async function; "
                                 "it cannot be awaited"
                                 % (name, "parameter" if var.kind == "param"
                                    else "local variable"))
        else:
            d = self.diags.error(loc, "'%s' is not an async function; it "
                                 "cannot be awaited" % name)
            rt = self.func.program.runtime_sig(name)
            if rt is not None:
                d.note(toks[node.tok].loc, "'%s' is declared in %s: include "
                       "\"cio.h\"" % (name, rt.header))
                self.errors += 1
                return
        self.errors += 1
        d.note(toks[node.tok].loc, "to wait for a future use 'await "
               "cio_future_wait(fut)'; for a task, 'await cio_task_wait(t)'")

    # -- async for ----------------------------------------------------------------------

    def agen_sigs(self, tok):
        """The runtime's cio_anext and cio_aclose (cio/agen.h), or None
        (reported once)."""
        if self._agen_sigs is None:
            prog = self.func.program
            nxt = prog.lookup_async(self.inp, "cio_anext", tok.index)
            close = prog.lookup_async(self.inp, "cio_aclose", tok.index)
            if nxt is None or close is None:
                self.error(tok, "'async for' needs cio_anext() and "
                           "cio_aclose() from the runtime (cio/agen.h): "
                           "include \"cio.h\"")
                self._agen_sigs = False
            else:
                self._agen_sigs = (nxt, close)
        return self._agen_sigs or None

    def runtime_point(self, kind, tok, af, text, scope, stmt, after=False):
        """An await of cio_anext or cio_aclose made by an `async for`
        (`after`: right after the token, outside the statement it ends)."""
        sigs = self.agen_sigs(self.toks[af.stmt.first])
        p = AwaitPoint(tok, scope, stmt, kind)
        if after:
            p.at = tok.index + 1
        p.afor = af
        p.text = text
        if sigs is not None:
            p.callee = sigs[0] if kind == "anext" else sigs[1]
        self.points.append(p)
        return p

    def return_plan(self, tok, afors, why="before returning", after=False):
        """Leaving `afors` (innermost first) on the way out of the
        function: [(AsyncFor, its cio_aclose point)]."""
        plan = []
        for af in afors:
            plan.append((af, self.runtime_point(
                "aclose", tok, af, "close %s %s" % (self.gen_text(af), why),
                self.root, af.stmt, after)))
        return plan

    def gen_text(self, af):
        name, lp, rp = af.stmt.call
        return self._text_range(name, rp)

    def _text_range(self, first, last):
        from ciogen.declarations import range_text
        return range_text(self.toks, first, last + 1)

    def async_for(self, s, scope):
        toks = self.toks
        parent = self._afor_stack[-1] if self._afor_stack else None
        af = AsyncFor(s, parent)
        self.afors.append(af)
        self.afor_of[id(s)] = af
        name_k, lp, rp = s.call
        name = toks[name_k].value
        # the generator's arguments are evaluated before the loop, where
        # the loop variable is not declared yet
        for a, b in s.args:
            self.expression(a, b, scope, s)
        if s.status is not None:
            if self.no_await(s.status[0], s.status[1], "the status variable "
                             "of 'async for'", "it is assigned when the loop "
                             "ends"):
                self.resolve_range(s.status[0], s.status[1], scope)
        sig = self.generator_of(s, scope)
        af.sig = sig
        fs = self.new_scope("asyncfor", s.first, s.last, scope)
        af.scope = fs
        self._scope = fs
        if s.var_decl is not None:
            self.declaration(s.var_decl, fs)
            d = s.var_decl.decls[0]
            af.loop_var = fs.vars.get(d.name_tok.value)
            if af.loop_var is not None:
                af.loop_var.loop_var = True
        else:
            self.async_for_target(af, s.target, scope)
        if sig is not None:
            gv = Var(name, "genframe", toks[name_k], fs)
            gv.ctype = frame_type(name)
            gv.hoisted = True
            gv.init_end = s.first
            fs.locals.append(gv)
            self.vars.append(gv)
            af.gen_var = gv
            self.embeds.append(Embed(toks[name_k], sig, "iterates"))
        if af.propagate:
            self.check_propagation(af)
        af.next_point = self.runtime_point(
            "anext", toks[s.cond[1]], af, "async for: the next value of %s"
            % self.gen_text(af), fs, s)
        self._afor_stack.append(af)
        try:
            self.statement(s.body, fs, s, s)
        finally:
            self._afor_stack.pop()
        self._scope = scope
        end = toks[s.last]
        af.close_point = self.runtime_point(
            "aclose", end, af, "async for: close %s" % self.gen_text(af),
            scope, s, after=True)
        if af.propagate:
            outer = af.enclosing()
            # (in the order the generated code has them)
            af.fail_close = self.return_plan(end, outer, "before returning "
                                             "the error of %s"
                                             % self.gen_text(af), True)
            af.fail_next = self.return_plan(end, outer, "before returning "
                                            "the error of %s"
                                            % self.gen_text(af), True)

    def generator_of(self, s, scope):
        """The AsyncSig of the generator an `async for` iterates, or None
        (reported)."""
        toks = self.toks
        name_k, lp, rp = s.call
        t = toks[name_k]
        name = t.value
        loc = self._span_loc(name_k, rp)
        v = scope.lookup(name)
        if v is not None and v.kind != "func":
            self.error(t, "'%s' is a %s, not an async generator; 'async "
                       "for' iterates the values of a call of one"
                       % (name, "parameter" if v.kind == "param" else
                          "local variable"))
            return None
        sig = self.func.program.lookup_async(self.inp, name, name_k,
                                             report=self)
        if sig is None:
            d = self.diags.error(loc, "'%s' is not an async generator; "
                                 "'async for' iterates the values of a call "
                                 "of one" % name)
            self.errors += 1
            rt = self.func.program.runtime_sig(name)
            if rt is not None:
                d.note(t.loc, "'%s' is declared in %s: include \"cio.h\""
                       % (name, rt.header))
            else:
                d.note(t.loc, "an async generator is an async function that "
                       "yields: 'async int %s(...) { ... yield v; ... }'"
                       % name)
            return None
        if not sig.is_gen:
            d = self.diags.error(loc, "'%s' is an async function, not an "
                                 "async generator: it returns one value "
                                 "instead of yielding values" % name)
            self.errors += 1
            d.note(t.loc, "await it: '%s = await %s(...)'"
                   % ("x" if sig.ret is not None else "", name)
                   if sig.ret is not None else
                   "await it: 'await %s(...);'" % name)
            return None
        n = len(s.args)
        if sig.params is not None and n != len(sig.params):
            self.error(t, "async generator '%s' takes %d argument%s, %d "
                       "given" % (name, len(sig.params),
                                  "" if len(sig.params) == 1 else "s", n))
        return sig

    def async_for_target(self, af, k, scope):
        """`async for (v : g())`: an existing variable is the loop
        variable; the generator writes to it through a pointer."""
        t = self.toks[k]
        v = scope.lookup(t.value)
        if v is None:
            return  # a global: the compiler knows it
        if not v.automatic and v.kind != "static":
            self.error(t, "'%s' is not a variable; the loop variable of "
                       "'async for' must be one" % t.value)
            return
        af.target_var = v
        if v.automatic:
            self.refs[k] = v
            self.addressed_extra.add(id(v))

    def check_propagation(self, af):
        """Without a status variable, an error of the generator is
        returned by the function: it must be able to return one."""
        f = self.func
        if f.is_gen:
            return
        if f.ret is not None and f.ret.carries_errors(self.inp.typedef_types):
            return
        s = af.stmt
        name = self.toks[s.call[0]].value
        if f.ret is None:
            what = "returns void"
        elif f.ret.result_kind(self.inp.typedef_types) == "signed":
            what = "returns '%s', too narrow for an error code" \
                % f.ret.abstract()
        else:
            what = "returns '%s', which is no error code" % f.ret.abstract()
        d = self.error(s.first, "an error of '%s' would be lost here: "
                       "'%s' %s; give the loop a status variable"
                       % (name, f.name, what))
        lp, rp = s.cond
        d.note(self.toks[s.first].loc, "it receives 0 when the loop ends, "
               "or the error:\n    int rc;\n    async for (%s; rc) ..."
               % self._text_range(lp + 1, rp - 1))

    def resolve_gotos(self):
        """A goto that leaves `async for` loops closes them first; one
        into a loop would skip the start of its generator."""
        for s, stack in self._gotos:
            target = self._labels.get(s.label_tok.value)
            if target is None:
                continue  # the compiler reports a missing label
            label, lstack = target
            if tuple(stack[:len(lstack)]) != lstack:
                af = next(a for a in lstack if a not in stack)
                self.error(s.label_tok, "this goto jumps into the 'async "
                           "for' loop at line %d, past the start of its "
                           "generator" % self.toks[af.stmt.first].line).note(
                    label.name_tok.loc, "label '%s' is here"
                    % s.label_tok.value)
                continue
            left = list(stack[len(lstack):])[::-1]
            if not left:
                continue
            plan = []
            for i, af in enumerate(left):
                p = self.runtime_point(
                    "aclose", self.toks[s.first], af, "close %s before "
                    "'goto %s'" % (self.gen_text(af), s.label_tok.value),
                    self.root, s)
                fail = []
                if af.propagate:
                    fail = self.return_plan(
                        self.toks[s.first], af.enclosing(), "before "
                        "returning the error of %s" % self.gen_text(af))
                plan.append((af, p, fail))
            self.exits[id(s)] = plan

    def find_embeds(self):
        """Locals of type `struct g_frame` (a frame of an async function
        or generator, used by hand): the frame embeds them."""
        prog = self.func.program
        for v in self.vars:
            if v.kind != "local" or not v.hoisted or v.ctype is None:
                continue
            words = [w for w in v.ctype.spec_words if w not in
                     ("const", "volatile")]
            if len(words) != 2 or words[0] != "struct" or \
                    not words[1].endswith("_frame") or \
                    any(d != "array" for d in v.ctype.derivs):
                continue
            sig = prog.lookup_async(self.inp, words[1][:-6], v.tok.index)
            if sig is not None:
                self.embeds.append(Embed(v.tok, sig, "embeds the frame of"))

    # -- the frame ---------------------------------------------------------------------

    def decide_frame(self):
        """Which locals live in the frame. Scalars and pointers whose
        address is never taken: those live across an await (liveness.py).
        The others: those whose scope contains an await after their
        initialisation (an awaited function may use their address)."""
        import bisect
        from ciogen.liveness import Liveness
        point_toks = sorted(p.at for p in self.points)
        self.var_by_tok = {v.tok.index: v for v in self.vars
                           if v.tok is not None}
        addressed = set(self.addressed_extra)
        for k, v in self.refs.items():
            if _address_taken(self.toks, k):
                addressed.add(id(v))
        candidates = set()
        for v in self.vars:
            if v.kind != "local":
                continue
            if getattr(v, "loop_var", False):
                # the generator writes it through a pointer while the
                # loop runs: always in the frame
                v.hoisted = True
                v.init_awaits = False
                continue
            end = v.scope.end
            lo = bisect.bisect_right(point_toks, v.init_end - 1)
            hi = bisect.bisect_right(point_toks, end)
            after_init = lo < hi
            in_init = False
            if v.init is not None:
                a = bisect.bisect_left(point_toks, v.init[0])
                b = bisect.bisect_left(point_toks, v.init[1])
                in_init = a < b
            v.init_awaits = in_init
            v.hoisted = after_init or (in_init and v.self_ref)
            if v.hoisted and id(v) not in addressed and not v.self_ref and \
                    self.value_kind(v.ctype, v.scope) in ("scalar",
                                                          "pointer"):
                candidates.add(id(v))
        if candidates:
            crossing = Liveness(self, candidates).run()
            for v in self.vars:
                if id(v) in candidates:
                    v.hoisted = id(v) in crossing

    def value_kind(self, ct, scope, depth=0):
        """'scalar', 'pointer', 'aggregate' or 'unknown' for a type,
        looking through typedefs ciogen knows."""
        if ct.derivs:
            return "pointer" if ct.derivs[0] == "ptr" else "aggregate"
        base = ct.base_kind()
        if base in ("signed", "unsigned", "char", "float", "enum"):
            return "scalar"
        if base in ("struct", "union", "void"):
            return "aggregate"
        if depth > 8:
            return "unknown"
        from ciogen.declarations import QUALIFIERS
        for w in ct.spec_words:
            if w in QUALIFIERS:
                continue
            v = scope.lookup(w)
            if v is not None and v.kind == "typedef":
                return self.value_kind(v.ctype, v.scope, depth + 1)
            td = self.inp.typedef_types.get(w)
            if td is not None:
                return self.value_kind(td, scope, depth + 1)
        return "unknown"

    def check_locals(self):
        toks = self.toks
        inp = self.inp
        for v in self.vars:
            if v.kind != "local":
                continue
            ct = v.ctype
            d = v.decl
            unsized = bool(d.array_dims) and d.derivs[0] == "array" and \
                d.array_dims[0][1] == d.array_dims[0][0] + 1
            if v.hoisted:
                if v.stmt is not None and v.stmt.pp_depth > 0:
                    self.error(v.tok, "'%s' is declared inside #if/#ifdef and "
                               "lives across an await; ciogen cannot give it "
                               "a frame field in only some configurations"
                               % v.name)
                if unsized:
                    self.error(v.tok, "array '%s' lives across an await but "
                               "has no size; the frame needs one"
                               % v.name).note(
                        v.tok.loc, "give it a size%s"
                        % _size_hint(toks, v))
                self.check_frame_type(v)
            elif unsized and v.init_awaits:
                self.error(v.tok, "array '%s' has no size and is initialized "
                           "with an await; give it a size%s"
                           % (v.name, _size_hint(toks, v)))

    def check_frame_type(self, v):
        """A frame field's type must be usable at file scope."""
        sp = v.stmt.specs
        scope = v.scope
        for kw, name, lbrace in sp.tag_defs:
            if kw == "enum" or name is not None:
                self.error(v.tok, "'%s' lives across an await, so it is "
                           "stored in the frame, but its type is defined in "
                           "its own declaration; define the %s%s at file scope"
                           % (v.name, kw, " " + name if name else ""))
                return
        for kw, name in sp.tag_refs:
            tag = scope.lookup_tag(name)
            if tag is not None:
                self.error(v.tok, "'%s' lives across an await, so it is "
                           "stored in the frame, but its type '%s %s' is "
                           "defined inside the function; define it at file "
                           "scope" % (v.name, kw, name)).note(
                    self.toks[tag[1]].loc, "'%s %s' is defined here"
                    % (kw, name))
                return
        for name in sp.typedef_names:
            t = scope.lookup(name)
            if t is not None and t.kind == "typedef":
                self.error(v.tok, "'%s' lives across an await, so it is "
                           "stored in the frame, but its type '%s' is a "
                           "typedef inside the function; move the typedef to "
                           "file scope" % (v.name, name)).note(
                    t.tok.loc, "'%s' is defined here" % name)
                return

    # -- returns -------------------------------------------------------------------------

    def check_returns(self):
        f = self.func
        from ciogen.parser import walk
        if f.is_gen:
            for s in walk(f.body):
                if s.kind == "return" and s.expr is not None:
                    self.check_code_return(s)
            return
        for s in walk(f.body):
            if s.kind != "return":
                continue
            if f.ret is None and s.expr is not None:
                self.error(s.first, "'return' with a value in async function "
                           "'%s' returning void" % f.name)
            elif f.ret is not None and s.expr is None:
                self.diags.warning(self.toks[s.first].loc, "'return' with no "
                                   "value in async function '%s' returning "
                                   "non-void" % f.name, "-Wreturn-type")
        if f.ret is not None and can_complete(f.body, self.toks):
            rb = self.toks[f.body.last]
            self.diags.warning(rb.loc, "control reaches end of non-void async "
                               "function '%s'" % f.name, "-Wreturn-type")


    def check_code_return(self, s):
        """In an async generator `return e;` ends the iteration with a
        status: 0, or a negative error code. Values that can be seen not
        to be one are rejected (they were meant to be yielded)."""
        toks = self.toks
        a, b = s.expr
        while b - a >= 2 and toks[a].is_op("(") and \
                self.inp.match.get(a) == b - 1:
            a, b = a + 1, b - 1
        why = None
        neg = b - a == 2 and toks[a].is_op("-")
        first = toks[a + 1] if neg else toks[a]
        single = b - a == 1 or neg
        typedefs = self.inp.typedef_types
        if single and first.kind == "number":
            value = _int_literal(first.value)
            if value is None:
                why = "'%s' is not an integer" % first.value
            elif value > 0 and not neg:
                why = "a positive number is no error code"
        elif b - a == 1 and first.kind in ("string", "char"):
            why = "%s is no error code" % first.value
        elif single and first.kind == "ident":
            v = self.refs.get(first.index)
            if v is not None and v.ctype is not None and \
                    not v.ctype.carries_errors(typedefs):
                why = "'%s' is %s, not an int error code" % (
                    v.name, "'%s'" % v.ctype.abstract())
        else:
            node = self.exprs.get(s.expr)
            if node is not None and unparen(node).kind == "await":
                p = next((q for q in self.points if q.node is unparen(node)),
                         None)
                if p is not None and p.callee is not None and \
                        (p.callee.ret is None or
                         not p.callee.ret.carries_errors(typedefs)):
                    why = "'%s' returns %s, not an int error code" % (
                        p.callee.name, "void" if p.callee.ret is None else
                        "'%s'" % p.callee.ret.abstract())
        if why is None:
            return
        text = self._text_range(s.expr[0], s.expr[1] - 1)
        d = self.error(s.first, "'return %s' in async generator '%s': %s; "
                       "a generator's return ends the iteration with a "
                       "status (0, or a negative CIO_E* code)"
                       % (text, self.func.name, why))
        d.note(toks[s.first].loc, "to hand the value to the consumer, "
               "yield it:\n    yield %s;\n    return;" % text)


def frame_type(name):
    """The CType `struct <name>_frame`."""
    return CType(("struct", name + "_frame"), "struct %s_frame" % name,
                 [None], ())


def _elem(sig):
    """A generator's element type, for suggestions (T if untyped)."""
    return sig.ret.abstract() if sig.ret is not None else "T"


def _int_literal(text):
    """The value of an integer literal, or None (a floating constant)."""
    t = text.rstrip("uUlL")
    try:
        if t[:2] in ("0x", "0X", "0b", "0B"):
            return int(t, 0)
        if "." in t or "e" in t or "E" in t:
            return None
        if len(t) > 1 and t[0] == "0":
            return int(t, 8)
        return int(t)
    except ValueError:
        return None


class _FakeAwait:
    """Lets await_target() look at a cio_boxed argument."""

    def __init__(self, node):
        self.kids = [node]


def _enumerators(toks, lbrace, rbrace):
    out = []
    expect = True
    depth = 0
    for k in range(lbrace + 1, rbrace):
        t = toks[k]
        if t.kind == PUNCT and t.value in ("(", "[", "{"):
            depth += 1
        elif t.kind == PUNCT and t.value in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and t.is_op(","):
            expect = True
        elif depth == 0 and expect and t.kind == IDENT:
            out.append(t)
            expect = False
    return out


def _address_taken(toks, k):
    """Is the identifier at k the operand of a unary `&` (`&x`, `&x.m`,
    `&(x)`, `&x[2]`)?"""
    j = k - 1
    while j >= 0 and toks[j].is_op("("):
        j -= 1
    if j < 0 or not toks[j].is_op("&"):
        return False
    p = toks[j - 1] if j > 0 else None
    if p is None:
        return True
    if p.kind in ("number", "string", "char"):
        return False  # `2 & x`
    if p.kind == "ident" and p.value not in ("return", "sizeof", "case"):
        return False  # `a & x`
    if p.is_op("]"):
        return False
    return True


def _is_member(toks, k):
    """Is the identifier at k a member name, a tag, or a label (not a
    variable)?"""
    if k > 0:
        prev = toks[k - 1]
        if prev.kind == PUNCT and prev.value in (".", "->"):
            return True
        if prev.kind == IDENT and prev.value in ("struct", "union", "enum",
                                                 "goto"):
            return True
    return False


def _size_hint(toks, v):
    """': char s[6]' when the size can be read off the initializer."""
    init = v.init
    if init is None:
        return ""
    first = toks[init[0]]
    count = None
    if first.kind == STRING and init[1] == init[0] + 1:
        from ast import literal_eval
        body = first.value
        prefix = body[:body.index('"')]
        try:
            count = len(literal_eval(body[len(prefix):]).encode()
                        if not prefix else literal_eval(body[len(prefix):]))
        except (ValueError, SyntaxError):
            return ""
        count += 1
    elif first.is_op("{"):
        count = 1
        depth = 0
        for k in range(init[0] + 1, init[1] - 1):
            t = toks[k]
            if t.kind == PUNCT and t.value in ("(", "[", "{"):
                depth += 1
            elif t.kind == PUNCT and t.value in (")", "]", "}"):
                depth -= 1
            elif depth == 0 and t.is_op(","):
                count += 1
            elif depth == 0 and t.is_op("."):
                return ""
        if toks[init[1] - 2].is_op(","):
            count -= 1
    if count is None:
        return ""
    ct = v.ctype
    parts = list(ct.parts)
    i = parts.index(None)
    if i + 2 < len(parts) and parts[i + 1] == "[" and parts[i + 2] == "]":
        parts.insert(i + 2, str(count))
        return ": '%s'" % CType(ct.spec_words, ct.spec_text, parts,
                                ct.derivs).declare(v.name)
    return ""


def can_complete(stmt, toks):
    """Can control reach the end of this statement (an approximation of
    gcc's -Wreturn-type analysis)?"""
    k = stmt.kind
    if k in ("return", "goto", "break", "continue"):
        return False
    if k == "compound":
        reachable = True
        for s in stmt.items:
            if s.kind == "pp":
                continue
            if s.kind in ("label", "case", "default"):
                reachable = True
            if reachable:
                reachable = can_complete(s, toks)
        return reachable
    if k == "if":
        if stmt.else_ is None:
            return True
        return can_complete(stmt.then, toks) or can_complete(stmt.else_,
                                                             toks)
    if k in ("label", "case", "default"):
        return stmt.stmt is None or can_complete(stmt.stmt, toks)
    if k == "asyncfor":
        return True
    if k in ("while", "for", "do"):
        if k == "for":
            forever = stmt.test is None or _is_true(toks, *stmt.test)
        else:
            forever = _is_true(toks, stmt.cond[0] + 1, stmt.cond[1])
        if not forever:
            return True
        return _has_break(stmt.body, 0)
    if k == "switch":
        has_default = any(s.kind == "default" for s in _switch_labels(
            stmt.body))
        if not has_default or _has_break(stmt.body, 0):
            return True
        return can_complete(stmt.body, toks)
    if k == "expr":
        t = toks[stmt.first]
        if t.kind == IDENT and t.value in NORETURN_CALLS and \
                toks[stmt.first + 1].is_op("("):
            return False
    return True


def _is_true(toks, start, end):
    if end - start == 1:
        t = toks[start]
        return t.value in ("1", "true")
    return False


def _has_break(stmt, depth):
    """Does a `break` leave the loop or switch this statement is the body
    of?"""
    k = stmt.kind
    if k == "break":
        return depth == 0
    if k in ("while", "for", "do", "switch", "asyncfor"):
        return _has_break(stmt.body, depth + 1)
    return any(_has_break(c, depth) for c in stmt.children())


def _switch_labels(stmt):
    k = stmt.kind
    if k in ("case", "default"):
        yield stmt
    if k == "switch":
        return
    for c in stmt.children():
        yield from _switch_labels(c)
