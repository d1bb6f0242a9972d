"""Lowering: from an async body to the body of a resume function.

The body is not re-printed from a tree: it is copied token by token from
the user's file - comments, spacing and line breaks included - with edits:

- *inline edits* replace a few tokens within a line: a local that lives in
  the frame becomes `f->name`, `return x;` becomes
  `CIO_RETURN(co, f->ret = (x));`, a condition whose awaits were hoisted
  becomes the expression that uses their results, `while (...)` becomes
  `for (;;)`;
- *line edits* replace whole statements, or insert lines, with generated
  nodes: an await point (init the child frame, CIO_AWAIT, copy the result),
  a yield (store the value through the consumer's pointer, suspend with
  CIO_CORO_YIELDED), assignments that initialise frame locals, conditional
  blocks that keep `&&`/`||`/`?:` short-circuiting, loop exits, the
  generator and the awaits of an `async for` and the closing of its
  generator on every way out of the loop.

An expression with awaits is linearised into *pre-statements* and a
*residual*: every await runs in source order before the residual, and the
residual reads the awaited results. Results live in the child frame, in
the `sub` union that all awaits share, so a result that must outlast a
later await of the same expression is copied into a frame temporary (typed
like the callee's return value) right after its await. Operands of
operators that C sequences (`&&`, `||`, `?:`, `,`) keep their order and
their short-circuiting; for the other operators C leaves the order open,
and the await runs first.

Text is produced as *fragments*: lists of strings and references to frame
fields, whose final spelling (`f->u.s12.i`) is known only after the frame
layout; see `materialize`.
"""

from ciogen.declarations import INT_TYPE, is_word
from ciogen.expressions import unparen
from ciogen.lexer import IDENT, PP

CONTROL = frozenset(("if", "while", "do", "for", "switch"))


# ---- Fragments -------------------------------------------------------------

class FieldRef:
    """A reference to a frame field (a parameter, a local in the frame, a
    temporary): spelled `f->path` once the layout is known."""

    def __init__(self, owner):
        self.owner = owner  # a Var or a Temp

    def text(self, fp):
        return "%s->%s" % (fp, self.owner.field.path)


class SlotRef:
    """The child frame of an await: `f->sub.callee` (or its `.ret`)."""

    def __init__(self, point, member=""):
        self.point = point
        self.member = member

    def text(self, fp):
        return "%s->%s%s" % (fp, self.point.slot.path, self.member)


class ResultRef:
    """The value of an await. Decided after the statement is lowered:
    either the child frame's `ret` or a temporary it was saved to."""

    def __init__(self, point):
        self.point = point
        self.temp = None

    def text(self, fp):
        if self.point.callee.ret is None:
            return "0"
        if self.temp is not None:
            return "%s->%s" % (fp, self.temp.field.path)
        return "%s->%s.ret" % (fp, self.point.slot.path)


def materialize(frag, fp):
    out = []
    for piece in frag:
        out.append(piece if isinstance(piece, str) else piece.text(fp))
    return "".join(out)


class Temp:
    """A frame temporary: an await result that must survive another await,
    or the running value of `&&`, `||`, `?:`."""

    def __init__(self, name, ctype, group, line, why):
        self.name = name
        self.ctype = ctype
        self.group = group
        self.line = line
        self.why = why
        self.field = None


class TempGroup:
    """The temporaries of one statement: they live only while it runs, so
    the group shares storage with sibling scopes (see layout.py)."""

    def __init__(self, scope, line):
        self.scope = scope
        self.line = line
        self.temps = []


# ---- Nodes -------------------------------------------------------------------

class GNode:
    """A generated statement. `line` is the user line it stands for (None:
    scaffolding that is the generator's own)."""

    def __init__(self, kind, line=None, **kw):
        self.kind = kind
        self.line = line
        self.depth = 0
        self.body = []
        self.orelse = []
        self.__dict__.update(kw)


def _await(point, args, line):
    return GNode("await", line, point=point, args=args, save=None)


# ---- Edits ---------------------------------------------------------------------

class LineEdit:
    """Replace tokens [first, last] (last = first - 1: insert before
    `first`) with generated nodes. With `after`, the nodes go right after
    token first - 1 instead, on the following lines. `wrap` puts them in
    braces (a statement that was the body of an if or a loop). `anchor`
    is a token whose line gives the indentation the nodes' depths count
    from (default: the line where the edit is)."""

    def __init__(self, first, last, nodes, wrap=False, after=False,
                 anchor=None):
        self.first = first
        self.last = last
        self.nodes = nodes
        self.wrap = wrap
        self.after = after
        self.anchor = anchor


def deep(nodes, depth):
    """Set the depth of top-level nodes (relative to their edit's
    indentation)."""
    for n in nodes:
        n.depth = depth
    return nodes


class FunctionLowering:
    def __init__(self, func, frags):
        self.func = func
        self.fa = func.analysis
        self.inp = func.input
        self.toks = func.input.toks
        self.frags = frags  # fragment macros from the templates
        self.line_edits = []
        self.inline = {}  # first token -> (last token, fragment)
        self.groups = []  # TempGroups
        self.point_of = {p.node.tok: p for p in self.fa.points
                         if p.node is not None}
        self.uses_memcpy = False
        self.labels = 0
        self.names = _choose_names(func)

    @property
    def fp(self):
        return self.names["f"]

    # -- driver ----------------------------------------------------------------

    def run(self):
        for s in self.func.body.items:
            self.statement(s)
        for k, v in self.fa.refs.items():
            if v.hoisted or v.kind == "param":
                self.inline.setdefault(k, (k, [FieldRef(v)]))
        return self

    def statement(self, s):
        k = s.kind
        handler = getattr(self, "st_" + k, None)
        if handler is not None:
            handler(s)
        for c in s.children():
            if k == "for" and c is s.init:
                continue
            self.statement(c)

    # -- helpers --------------------------------------------------------------------

    def span(self, first, last, repl=None):
        """A fragment for tokens [first, last]: the user's text on one
        line, frame locals rewritten, replaced subtrees substituted."""
        toks = self.toks
        refs = self.fa.refs
        out = []
        k = first
        prev = None
        while k <= last:
            t = toks[k]
            if t.kind == PP:
                k += 1
                continue
            if prev is not None and (t.start > prev.end or
                                     (is_word(prev.value) and
                                      is_word(t.value))):
                out.append(" ")
            if repl is not None and k in repl:
                end, frag = repl[k]
                out.extend(frag)
                prev = toks[end]
                k = end + 1
                continue
            v = refs.get(k)
            if v is not None and (v.hoisted or v.kind == "param"):
                out.append(FieldRef(v))
            else:
                out.append(t.value)
            prev = t
            k += 1
        return out

    def group_for(self, s):
        scope = self._scope_of(s)
        g = TempGroup(scope, self.toks[s.first].line)
        g.scope_pos = s.first
        return g

    def _scope_of(self, s):
        """The innermost scope around statement s."""
        best = self.fa.root
        for sc in self.fa.scopes:
            if sc.start <= s.first and s.last <= sc.end and \
                    sc.start >= best.start and sc.end <= best.end:
                if sc.kind in ("for", "asyncfor") and sc.start == s.first:
                    # a for statement's own scope is inside it
                    continue
                best = sc
        return best

    def temp(self, group, ctype, hint, line, why):
        # names are made unique per struct level by the layout
        t = Temp(hint, ctype.without_top_const(), group, line, why)
        group.temps.append(t)
        return t

    def needs_wrap(self, s):
        """Is statement s the body of a control statement (so several
        statements in its place need braces)?"""
        p = s.parent
        while p is not None and p.kind in ("label", "case", "default"):
            s, p = p, p.parent
        # (the body of an `async for` is always braced: st_asyncfor)
        return p is not None and p.kind in CONTROL

    def line(self, index):
        return self.toks[index].line

    # -- expressions ------------------------------------------------------------------

    def lower_range(self, start, end, s, group):
        """Lower the expression of tokens [start, end) of statement s:
        returns (pre-statement nodes, residual fragment, root node)."""
        node = self.fa.exprs.get((start, end))
        if node is None:
            return [], self.span(start, end - 1), None
        pre, frag = self.lower(node, group)
        return pre, frag, node

    def lower(self, node, group):
        if not node.has_await:
            return [], self.span(node.first, node.last)
        kind = node.kind
        if kind == "await":
            return self.lower_await(node, group)
        if kind == "yield":
            return self.lower_yield(node, group)
        if kind == "logical" and node.kids[1].has_await:
            return self.lower_logical(node, group)
        if kind == "cond" and (node.kids[1].has_await or
                               node.kids[2].has_await):
            return self.lower_cond(node, group)
        if kind == "comma" and node.kids[1].has_await:
            pl, fl = self.lower(node.kids[0], group)
            pre = pl
            if not _is_discard(node.kids[0]):
                pre.append(self.discard(node.kids[0], fl))
            pr, fr = self.lower(node.kids[1], group)
            return pre + pr, fr
        pre = []
        repl = {}
        for kid in node.kids:
            if kid.has_await:
                p, f = self.lower(kid, group)
                pre.extend(p)
                repl[kid.first] = (kid.last, f)
        return pre, self.span(node.first, node.last, repl)

    def discard(self, node, frag):
        """A statement that evaluates an expression for its effects."""
        inner = unparen(node)
        if inner.kind in ("call", "assign") or (
                inner.kind in ("unary", "postfix") and inner.op in ("++",
                                                                   "--")):
            return GNode("stmt", self.line(node.first), expr=frag)
        return GNode("stmt", self.line(node.first),
                     expr=self.frags.void_cast(frag))

    def lower_await(self, node, group):
        p = self.point_of[node.tok]
        pre = []
        args = []
        for a in p.args:
            pa, fa = self.lower(a, group)
            pre.extend(pa)
            args.append(fa)
        n = _await(p, args, p.line)
        n.group = group
        pre.append(n)
        ref = ResultRef(p)
        n.result = ref
        return pre, [ref]

    def lower_yield(self, node, group):
        """`yield e`: store e through the consumer's pointer and suspend;
        the value of the yield (0, or CIO_ECLOSED when the consumer
        closes the generator) is read when resumed. A yield whose value
        is not used stops the generator when it is closed."""
        p = self.point_of[node.tok]
        pre, value = self.lower(node.kids[0], group)
        pre.append(GNode("yield", p.line, point=p, value=value))
        if not p.value_used:
            if p.exits:
                body = self.return_exit(p.exits, None, False, p.line)
            else:
                body = [GNode("return", p.line, value=None,
                              note="closed: stop here")]
            pre.append(GNode("if", None, cond=self.frags.yield_closed(
                self.names), body=body, orelse=[]))
        return pre, self.frags.yield_result(self.names)

    def lower_logical(self, node, group):
        left, right = node.kids
        line = self.line(node.tok)
        pl, fl = self.lower(left, group)
        inner = unparen(left)
        if inner.kind == "logical" and len(fl) == 1 and \
                isinstance(fl[0], FieldRef) and fl[0].owner in group.temps:
            # `a && b && c`: the left side already is a 0/1 temporary
            tref = fl
            pre = pl
        else:
            t = self.temp(group, INT_TYPE, "cond", line,
                          "'%s' at line %d" % (node.op, line))
            tref = [FieldRef(t)]
            pre = pl + [GNode("assign", self.line(left.first), target=tref,
                              value=self.frags.truth(fl))]
        pr, fr = self.lower(right, group)
        body = pr + [GNode("assign", self.line(right.first), target=tref,
                           value=self.frags.truth(fr))]
        cond = tref if node.op == "&&" else self.frags.negate(tref)
        pre.append(GNode("if", None, cond=cond, body=body, orelse=[]))
        return pre, tref

    def lower_cond(self, node, group):
        c, a, b = node.kids
        line = self.line(node.tok)
        pc, fc = self.lower(c, group)
        t = self.temp(group, INT_TYPE, "cond", line,
                      "'?:' at line %d" % line)
        tref = [FieldRef(t)]
        pre = pc + [GNode("assign", self.line(c.first), target=tref,
                          value=self.frags.truth(fc))]
        pa, fa = self.lower(a, group)
        pb, fb = self.lower(b, group)
        if pa or pb:
            if pa:
                pre.append(GNode("if", None, cond=tref, body=pa, orelse=pb))
            else:
                pre.append(GNode("if", None, cond=self.frags.negate(tref),
                                 body=pb, orelse=[]))
        return pre, self.frags.choose(tref, fa, fb)

    def finish(self, pre, frags, group):
        """Decide which await results need a temporary: one whose value is
        read after another await of the same statement has overwritten
        the shared `sub` union. `frags` are the fragments evaluated after
        all of `pre` (the residual)."""
        events = []  # (position, kind, obj)
        pos = [0]

        def frag_uses(frag, at):
            for piece in frag:
                if isinstance(piece, ResultRef):
                    events.append((at, "use", piece))

        def visit(nodes):
            for n in nodes:
                pos[0] += 3
                at = pos[0]
                if n.kind == "await":
                    if n.point.boxed:
                        events.append((at, "write", n))
                        for a in n.args:
                            frag_uses(a, at + 1)
                    else:
                        for a in n.args:
                            frag_uses(a, at)
                        events.append((at + 1, "write", n))
                    events.append((at + 2, "done", n))
                elif n.kind == "assign":
                    frag_uses(n.target, at)
                    frag_uses(n.value, at)
                elif n.kind == "stmt":
                    frag_uses(n.expr, at)
                elif n.kind == "yield":
                    frag_uses(n.value, at)
                elif n.kind == "if":
                    frag_uses(n.cond, at)
                    visit(n.body)
                    visit(n.orelse)
                elif n.kind in ("return", "break_unless"):
                    if getattr(n, "value", None):
                        frag_uses(n.value, at)

        visit(pre)
        end = pos[0] + 10
        for f in frags:
            if f:
                frag_uses(f, end)
        done_at = {}
        writes = []
        for at, kind, obj in events:
            if kind == "done":
                if getattr(obj, "result", None) is not None:
                    done_at[id(obj.result)] = (at, obj)
            elif kind == "write":
                writes.append((at, obj))
        for at, kind, obj in events:
            if kind != "use" or obj.temp is not None:
                continue
            d = done_at.get(id(obj))
            if d is None:
                continue
            done, anode = d
            if any(done < w < at or (w == at and wn.point.boxed)
                   for w, wn in writes if wn is not anode):
                callee = obj.point.callee
                if callee.ret is None:
                    continue
                t = self.temp(group, callee.ret, callee.name + "_ret",
                              anode.point.line, "result of await %s() at "
                              "line %d" % (callee.name, anode.point.line))
                obj.temp = t
                anode.save = [FieldRef(t)]
        if group.temps and group not in self.groups:
            self.groups.append(group)

    # -- statements ----------------------------------------------------------------------

    def replace(self, s, nodes, first=None, last=None):
        single = len(nodes) == 1 and nodes[0].kind in ("stmt", "assign",
                                                         "return")
        self.line_edits.append(LineEdit(
            s.first if first is None else first,
            s.last if last is None else last, nodes,
            wrap=self.needs_wrap(s) and not single))

    def st_expr(self, s):
        start, end = s.expr
        if (start, end) not in self.fa.exprs:
            return
        group = self.group_for(s)
        pre, frag, node = self.lower_range(start, end, s, group)
        residual = []
        if not _is_discard(node):
            residual = [self.discard(node, frag)]
        self.finish(pre, [n.expr for n in residual], group)
        self.replace(s, pre + residual)

    def st_return(self, s):
        f = self.func
        fr = self.frags
        plan = self.fa.exits.get(id(s))
        if plan:
            # leaving `async for` loops: the value first, then close
            # their generators (innermost first), then return
            group = self.group_for(s)
            value = None
            pre = []
            if s.expr is not None:
                pre, value, node = self.lower_range(s.expr[0], s.expr[1], s,
                                                    group)
                self.finish(pre, [value], group)
                if f.ret is None and not f.is_gen:
                    pre.append(self.discard(node, value))
                    value = None
            self.replace(s, pre + self.return_exit(plan, value, False,
                                                   self.line(s.first)))
            return
        if s.expr is None or (f.ret is None and not f.is_gen):
            if s.expr is not None and (s.expr in self.fa.exprs):
                group = self.group_for(s)
                pre, frag, node = self.lower_range(s.expr[0], s.expr[1], s,
                                                   group)
                self.finish(pre, [], group)
                self.replace(s, pre + [GNode("return", self.line(s.first),
                                             value=None)])
                return
            self.inline[s.first] = (s.last, fr.return_void(self.names))
            return
        start, end = s.expr
        if (start, end) in self.fa.exprs:
            group = self.group_for(s)
            pre, frag, node = self.lower_range(start, end, s, group)
            self.finish(pre, [frag], group)
            self.replace(s, pre + [GNode("return", self.line(s.first),
                                         value=frag)])
            return
        # `return x;` -> `CIO_RETURN(co, f->ret = (x));`, in place (in a
        # generator: `f->agen.status = (x)`)
        self.inline[s.first] = (s.first, fr.return_open(self.names, f.is_gen),
                                True)
        self.inline[s.last] = (s.last, fr.return_close())

    # -- async for ----------------------------------------------------------------------

    def holder(self):
        """The field that carries the function's result: `f->ret`, a
        generator's `f->agen.status`, or None (void)."""
        f = self.func
        if f.is_gen or f.ret is not None:
            return self.frags.holder(self.names, f.is_gen)
        return None

    def can_hold_error(self):
        f = self.func
        return f.is_gen or (f.ret is not None and f.ret.carries_errors(
            self.inp.typedef_types))

    def gen_frame(self, af):
        return [FieldRef(af.gen_var)]

    def status_of(self, af):
        a, b = af.stmt.status
        return self.span(a, b - 1)

    def close_node(self, af, p):
        """Await cio_aclose on the generator of `af`."""
        return GNode("await", p.line, point=p, args=[
            self.frags.agen(self.gen_frame(af))], save=None)

    def fold(self, af, p, known_error):
        """After closing `af` on the way out of the function: where an
        error of the close goes. Into the function's result if that can
        carry one and is no error already (the first error wins), else
        into the loop's status variable."""
        slot = [SlotRef(p)]
        if self.can_hold_error():
            if known_error:
                return []
            h = self.holder()
            return [GNode("if", None, cond=self.frags.close_failed_first(
                slot, h), body=[GNode("assign", None, target=h,
                                      value=self.frags.result_of(slot))],
                orelse=[])]
        if af.stmt.status is not None:
            return [GNode("assign", None, target=self.status_of(af),
                          value=self.frags.result_of(slot))]
        return []

    def return_exit(self, plan, value, known_error, line):
        """Return from inside `async for` loops: set the result (if
        `value`), close the loops of `plan` (innermost first), return."""
        nodes = []
        h = self.holder()
        if not plan:
            return [GNode("return", line, value=value if h is not None
                          else None)]
        if value is not None and h is not None:
            nodes.append(GNode("assign", line, target=h, value=value))
        for af, p in plan:
            nodes.append(self.close_node(af, p))
            nodes += self.fold(af, p, known_error)
        nodes.append(GNode("return", line, value=None,
                           note="the result is set above"
                           if h is not None and (value is not None or
                                                 known_error) else None))
        return nodes

    def st_goto(self, s):
        plan = self.fa.exits.get(id(s))
        if not plan:
            return
        line = self.line(s.first)
        nodes = []
        for af, p, fail in plan:
            nodes.append(self.close_node(af, p))
            slot = [SlotRef(p)]
            if af.propagate:
                nodes.append(GNode("if", None, cond=self.frags.close_failed(
                    slot), body=self.return_exit(
                        fail, self.frags.result_of(slot), True, line),
                    orelse=[]))
            else:
                nodes.append(GNode("assign", None, target=self.status_of(af),
                                   value=self.frags.result_of(slot)))
        nodes.append(GNode("goto", line, label=s.label_tok.value))
        self.replace(s, nodes)

    def st_asyncfor(self, s):
        """`async for (T v : g(args)) body` becomes

            g_init(&f->g, args);
            for (;;) {
                <await cio_anext(&f->g.agen, &v)>
                if (<it returned nonzero>) break;
                body
            }
            if (<the generator has not finished>) {
                <await cio_aclose(&f->g.agen)>   (left by break)
                <its error: status variable, or return it>
            } else <the generator's error: status variable, or return it>

        `continue` and `break` keep their meaning; return and goto out of
        the loop close the generator on their way (st_return, st_goto)."""
        af = self.fa.afor_of[id(s)]
        fr = self.frags
        toks = self.toks
        line = self.line(s.first)
        name = toks[s.call[0]].value
        gen = self.gen_frame(af)
        # the generator's frame, initialised with the arguments
        group = self.group_for(s)
        pre = []
        args = []
        for a, b in s.args:
            pa, fa_, _ = self.lower_range(a, b, s, group)
            pre += pa
            args.append(fa_)
        self.finish(pre, args, group)
        init = pre + [GNode("stmt", line, expr=fr.gen_init(name, gen, args))]
        # the head of every iteration: the next value
        # (through a pointer of the element type, so that the compiler
        # checks the loop variable's type; untyped generators: void *)
        if af.loop_var is not None:
            target = [FieldRef(af.loop_var)]
        else:
            target = self.span(s.target, s.target)
        elem = af.sig.ret
        if elem is not None:
            out = fr.typed_out(elem.without_top_const().pointer_abstract(),
                               target)
        else:
            out = fr.address(target)
        nslot = [SlotRef(af.next_point)]
        head = [GNode("await", line, point=af.next_point,
                      args=[fr.agen(gen), out], save=None),
                GNode("break_if", line, cond=fr.next_ended(nslot),
                      note="CIO_ESTOPITER, or an error of %s()" % name)]
        # after the loop
        cslot = [SlotRef(af.close_point)]
        end_line = self.line(s.last)
        closing = [self.close_node(af, af.close_point)]
        if af.propagate:
            closing.append(GNode("if", None, cond=fr.close_failed(cslot),
                                 body=self.return_exit(
                                     af.fail_close, fr.result_of(cslot), True,
                                     end_line), orelse=[]))
            ended = [GNode("if", None, cond=fr.next_failed(nslot),
                           body=self.return_exit(
                               af.fail_next, fr.result_of(nslot), True,
                               end_line), orelse=[],
                           note="the error of %s()" % name)]
        else:
            status = self.status_of(af)
            closing.append(GNode("assign", end_line, target=status,
                                 value=fr.result_of(cslot)))
            ended = [GNode("assign", end_line, target=status,
                           value=fr.end_status(nslot),
                           note="0 at the end, or the error of %s()"
                           % name)]
        tail = [GNode("if", None, cond=fr.agen_running(gen), body=closing,
                      orelse=ended, note="left early: close %s(), which "
                      "runs its clean-up" % name)]
        wrap = self.needs_wrap(s)
        self.line_edits.append(LineEdit(s.first, s.first - 1, init,
                                        wrap=wrap))
        if wrap:
            self.line_edits.append(LineEdit(s.last + 1, s.last,
                                            [GNode("close")], after=True,
                                            anchor=self._control_of(s)))
        self.line_edits.append(LineEdit(s.last + 1, s.last, tail,
                                        after=True, anchor=s.first))
        self._loop_head(s, s.first, s.cond[1], head)

    def _control_of(self, s):
        """The first token of the control statement whose body s is."""
        p = s.parent
        while p is not None and p.kind in ("label", "case", "default"):
            p = p.parent
        return p.first if p is not None else s.first

    def st_if(self, s):
        self._cond_stmt(s)

    def st_switch(self, s):
        self._cond_stmt(s)

    def _cond_stmt(self, s):
        lp, rp = s.cond
        if (lp + 1, rp) not in self.fa.exprs:
            return
        group = self.group_for(s)
        pre, frag, node = self.lower_range(lp + 1, rp, s, group)
        self.finish(pre, [frag], group)
        self.inline[lp + 1] = (rp - 1, frag)
        if self.needs_wrap(s):
            # `else if (await x())` -> `else { <pre> if (...) ... }`
            self.line_edits.append(LineEdit(s.first, s.first - 1, pre,
                                            wrap=True))
            self.line_edits.append(LineEdit(s.last + 1, s.last,
                                            [GNode("close")], after=True,
                                            anchor=s.first))
        else:
            self.line_edits.append(LineEdit(s.first, s.first - 1, pre))

    def st_while(self, s):
        lp, rp = s.cond
        if (lp + 1, rp) not in self.fa.exprs:
            return
        group = self.group_for(s)
        pre, frag, node = self.lower_range(lp + 1, rp, s, group)
        exit_ = GNode("break_unless", self.line(lp), value=frag)
        self.finish(pre, [frag], group)
        self._loop_head(s, s.first, rp, pre + [exit_])

    def _loop_head(self, s, first, last, nodes):
        """Turn the tokens [first, last] (a loop header) into `for (;;)`
        and run `nodes` first thing in every iteration."""
        body = s.body
        if body.kind == "compound":
            self.inline[first] = (last, self.frags.forever())
            self.line_edits.append(LineEdit(body.first + 1, body.first,
                                            deep(nodes, 1), after=True,
                                            anchor=s.first))
        else:
            self.inline[first] = (last, self.frags.forever_open())
            self.line_edits.append(LineEdit(last + 1, last, deep(nodes, 1),
                                            after=True, anchor=s.first))
            self.line_edits.append(LineEdit(body.last + 1, body.last,
                                            [GNode("close")], after=True,
                                            anchor=s.first))

    def st_do(self, s):
        lp, rp = s.cond
        if (lp + 1, rp) not in self.fa.exprs:
            return
        group = self.group_for(s)
        pre, frag, node = self.lower_range(lp + 1, rp, s, group)
        self.finish(pre, [frag], group)
        label = self.continue_label(s)
        tail = []
        if label is not None:
            tail.append(GNode("label", None, name=label))
        tail += pre + [GNode("break_unless", self.line(lp), value=frag)]
        tail = deep(tail, 1) + [GNode("close")]
        body = s.body
        semi = s.last
        if body.kind == "compound" and not self._shadowed(body, lp + 1, rp):
            # do { ... } while (c);  ->  for (;;) { ... <c> }
            self.inline[s.first] = (s.first, self.frags.forever())
            self.line_edits.append(LineEdit(body.last, semi, tail,
                                            anchor=s.first))
        else:
            self.inline[s.first] = (s.first, self.frags.forever_open())
            self.line_edits.append(LineEdit(s.while_tok, semi, tail,
                                            anchor=s.first))

    def _shadowed(self, body, start, end):
        """Would code placed at the end of block `body` see another variable
        under a name that the tokens [start, end) use?"""
        names = {self.toks[k].value for k in range(start, end)
                 if self.toks[k].kind == IDENT}
        for sc in self.fa.scopes:
            if sc.start == body.first and sc.kind == "block":
                return any(n in sc.vars for n in names)
        return False

    def continue_label(self, loop):
        """If `continue` statements belong to this loop, rewrite them as
        `goto <label>` and return the label (else None)."""
        conts = [c for c, lp in self.fa.loops.items() if lp is loop]
        if not conts:
            return None
        self.labels += 1
        label = "cio_continue_%d" % self.labels
        for c in conts:
            self.inline[c.first] = (c.first, self.frags.goto(label))
        return label

    def st_for(self, s):
        exprs = self.fa.exprs
        toks = self.toks
        lp, rp = s.cond
        semi1, semi2 = s.semis
        init = s.init
        init_has = False
        group = self.group_for(s)
        if isinstance(init, tuple):
            init_has = init in exprs
        elif init is not None:
            init_has = any(d.init is not None and d.init in exprs
                           for d in init.decls)
        test_has = s.test is not None and s.test in exprs
        step_has = s.step is not None and s.step in exprs
        # a hoisted for-init declaration without awaits: assignments in
        # place (`for (f->i = 0; ...)`)
        if not init_has and init is not None and not isinstance(init, tuple):
            parts = self.decl_parts(init)
            if parts is not None:
                if parts:
                    self.inline[init.first] = (init.last - 1,
                                               self.frags.comma_list(parts))
                else:
                    self.inline[init.first] = (init.last - 1, [])
        if not (init_has or test_has or step_has):
            return
        before = []
        if init_has:
            if isinstance(init, tuple):
                ipre, ifrag, inode = self.lower_range(init[0], init[1], s,
                                                      group)
                self.finish(ipre, [ifrag], group)
                before = ipre + ([self.discard(inode, ifrag)]
                                 if not _is_discard(inode) else [])
                self.inline[init[0]] = (init[1] - 1, [])
            else:
                before = self.decl_nodes(init, group)
                self.inline[init.first] = (init.last - 1, [])
        head = []
        if test_has:
            tpre, tfrag, _ = self.lower_range(s.test[0], s.test[1], s, group)
            self.finish(tpre, [tfrag], group)
            head = tpre + [GNode("break_unless", self.line(s.test[0]),
                                 value=tfrag)]
            self.inline[s.test[0]] = (s.test[1] - 1, [])
        tail = []
        if step_has:
            spre, sfrag, snode = self.lower_range(s.step[0], s.step[1], s,
                                                  group)
            self.finish(spre, [sfrag], group)
            label = self.continue_label(s)
            if label is not None:
                tail.append(GNode("label", None, name=label))
            tail += spre
            if not _is_discard(snode):
                tail.append(self.discard(snode, sfrag))
            self.inline[s.step[0]] = (s.step[1] - 1, [])
        if before:
            self.line_edits.append(LineEdit(s.first, s.first - 1,
                                            [GNode("open")] + deep(before, 1),
                                            anchor=s.first))
        body = s.body
        closing = []
        inner_block = body.kind != "compound" or (
            tail and self._shadowed(body, s.step[0], s.step[1]))
        if not inner_block:
            if head:
                self.line_edits.append(LineEdit(body.first + 1, body.first,
                                                deep(head, 1), after=True,
                                                anchor=s.first))
            if tail:
                self.line_edits.append(LineEdit(body.last, body.last - 1,
                                                deep(tail, 1),
                                                anchor=s.first))
        else:
            # for (...) stmt  ->  for (...) { head stmt tail }
            self.inline.setdefault(rp, (rp, self.frags.close_paren_open()))
            if head:
                self.line_edits.append(LineEdit(rp + 1, rp, deep(head, 1),
                                                after=True, anchor=s.first))
            closing = deep(tail, 1) + [GNode("close")]
        if before:
            closing.append(GNode("close"))
        if closing:
            self.line_edits.append(LineEdit(s.last + 1, s.last, closing,
                                            after=True, anchor=s.first))

    # -- declarations --------------------------------------------------------------------

    def st_decl(self, s):
        if s.parent is not None and s.parent.kind == "for" and \
                s.parent.init is s:
            return
        vars_ = self._vars_of(s)
        touched = any(v is not None and v.hoisted for v in vars_)
        has_await = any(d.init is not None and d.init in self.fa.exprs
                        for d in s.decls)
        if not touched and not has_await:
            return
        group = self.group_for(s)
        nodes = self.decl_nodes(s, group)
        self.replace(s, nodes)

    def _vars_of(self, s):
        out = []
        by_tok = {v.tok.index: v for v in self.fa.vars if v.tok is not None}
        for d in s.decls:
            out.append(by_tok.get(d.name_tok.index) if d.name_tok else None)
        return out

    def decl_parts(self, s):
        """For a declaration of frame locals without awaits: the
        assignment fragments that replace it, or None if it stays a C
        declaration."""
        vars_ = self._vars_of(s)
        if not any(v is not None and v.hoisted for v in vars_):
            return None
        if not all(v is not None and v.hoisted for v in vars_):
            return None
        parts = []
        for d, v in zip(s.decls, vars_):
            if d.init is None:
                continue
            parts.append(self.init_fragment(v, d, self.span(d.init[0],
                                                            d.init[1] - 1)))
        return parts

    def init_fragment(self, v, d, value):
        """Initialise frame local v from an initializer fragment."""
        ct = v.ctype.without_top_const()
        target = [FieldRef(v)] if v.hoisted else [v.name]
        first = self.toks[d.init[0]]
        braced = first.is_op("{")
        # memcpy cannot take a volatile object: the copy is the
        # initialization, so the qualifier is cast away for it
        volatile = ct.top_volatile
        if volatile:
            ct = ct.without_top(("volatile", "__volatile", "__volatile__"))
        if ct.is_array:
            self.uses_memcpy = True
            if not braced:
                value = ["{"] + value + ["}"]
            return self.frags.init_array(target, ct.abstract(), value,
                                         volatile)
        if braced and ct.tag_body:
            self.uses_memcpy = True
            return self.frags.init_anonymous(target, ct.abstract(), value,
                                             volatile)
        if braced:
            value = self.frags.compound_literal(ct.abstract(), value)
        return self.frags.assign(target, value)

    def decl_nodes(self, s, group):
        """Nodes that replace a declaration whose locals live in the frame
        or whose initializers await."""
        nodes = []
        vars_ = self._vars_of(s)
        exprs = self.fa.exprs
        toks = self.toks
        for d, v in zip(s.decls, vars_):
            line = d.name_tok.line if d.name_tok else self.line(s.first)
            has_await = d.init is not None and d.init in exprs
            if v is None or not (v.hoisted or has_await):
                # stays a C declaration as written
                nodes.append(GNode("decl", line, text=self.decl_text(s, d)))
                continue
            if not v.hoisted:
                # a C local whose initializer awaits: declare, then assign
                nodes.append(GNode("decl", line, text=self.frags.declaration(
                    v.ctype.without_top_const().declare(v.name), [])))
            if d.init is None:
                continue
            if has_await:
                pre, frag, node = self.lower_range(d.init[0], d.init[1], s,
                                                   group)
                value_frag = self.init_fragment(v, d, frag)
                self.finish(pre, [value_frag], group)
                nodes.extend(pre)
            else:
                value_frag = self.init_fragment(
                    v, d, self.span(d.init[0], d.init[1] - 1))
            nodes.append(GNode("stmt", line, expr=value_frag))
        return nodes

    def decl_text(self, s, d):
        """A single-declarator declaration `specs declarator = init;`."""
        sp = s.specs
        frag = self.span(sp.start, sp.end - 1)
        frag.append(" ")
        frag.extend(self.span(d.start, d.end - 1))
        init = self.span(d.init[0], d.init[1] - 1) if d.init is not None \
            else []
        return self.frags.declaration(frag, init)


def _is_discard(node):
    """Is the value of this expression statement nothing but an awaited
    result (so no residual statement is needed)?"""
    if node is None:
        return False
    n = unparen(node)
    while n.kind == "cast" and n.extra[1] == n.extra[0] + 2:
        n = unparen(n.kids[0])
    return n.kind in ("await", "yield")


def _choose_names(func):
    """Names of the resume function's frame pointer and parameters that no
    user identifier in the function can shadow."""
    used = set()
    toks = func.input.toks
    item = func.item
    # names the generated code never spells bare: the function's own and
    # those of awaited functions (they become `name_init`, `name_resume`)
    silent = {func.name_tok.index}
    for p in func.analysis.points:
        if p.callee_tok is not None:
            silent.add(p.callee_tok.index)
    for af in func.analysis.afors:
        silent.add(af.stmt.call[0])
    for k in range(item.first, item.last + 1):
        t = toks[k]
        if t.kind == IDENT and k not in silent:
            used.add(t.value)

    def pick(*cands):
        for c in cands:
            if c not in used:
                used.add(c)
                return c
        base = cands[0]
        while base in used:
            base += "_"
        used.add(base)
        return base

    return {"f": pick("f", "self", "frame"), "co": pick("co", "co_"),
            "task": pick("task", "task_")}
