"""Which scalar locals are live across an await.

A local must be in the frame only if its value may be read after a
suspension before it is written again. For scalars and pointers whose
address is never taken, ciogen finds out with a classic backward liveness
analysis over a control-flow graph of the body (if/else, loops, switch,
break, continue, goto, return). Everything else - arrays, structs and
unions, locals whose address is taken (`&x`, which an awaited function may
use during the suspension) - is in the frame whenever its scope contains
an await after its initialisation.

Within one expression the order follows the lowering (lower.py): the
arguments of an await are evaluated before it suspends; the rest of the
expression after all of its awaits. Assignments `x = ...` and
declarations kill.
"""


class _Node:
    __slots__ = ("events", "succ", "live_in", "live_out")

    def __init__(self, events=None, succ=None):
        self.events = events or []
        self.succ = succ or []
        self.live_in = frozenset()
        self.live_out = frozenset()


class _Ctx:
    def __init__(self, brk=None, cont=None, cases=None, labels=None,
                 exit_=None):
        self.brk = brk
        self.cont = cont
        self.cases = cases
        self.labels = labels
        self.exit = exit_

    def but(self, **kw):
        c = _Ctx(self.brk, self.cont, self.cases, self.labels, self.exit)
        for k, v in kw.items():
            setattr(c, k, v)
        return c


class Liveness:
    """Computes, for a FunctionAnalysis, the candidate locals that are
    live right after some await."""

    def __init__(self, fa, candidates):
        self.fa = fa
        self.toks = fa.toks
        self.cand = candidates  # set of Var ids
        self.nodes = []
        self.point_by_tok = {p.node.tok: p for p in fa.points
                             if p.node is not None}

    def node(self, events=None, succ=None):
        n = _Node(events, succ)
        self.nodes.append(n)
        return n

    # -- events of expressions ------------------------------------------------

    def range_events(self, start, end, kill=None):
        """Events of the expression in tokens [start, end). With `kill`,
        the expression is `kill = ...` (or just `kill`, a status
        variable): its first token is the target, not a use."""
        refs = self.fa.refs
        if kill is not None:
            refs = dict(refs)
            refs.pop(start, None)
        cand = self.cand
        tree = self.fa.exprs.get((start, end))
        if tree is None:
            ev = [("use", refs[k]) for k in range(start, end)
                  if k in refs and id(refs[k]) in cand]
        else:
            ev = []
            consumed = set()
            for aw in _post_order_awaits(tree):
                for k in range(aw.first, aw.last + 1):
                    if k in consumed:
                        continue
                    consumed.add(k)
                    v = refs.get(k)
                    if v is not None and id(v) in cand:
                        ev.append(("use", v))
                ev.append(("await", None))
            for k in range(start, end):
                if k in consumed:
                    continue
                v = refs.get(k)
                if v is not None and id(v) in cand:
                    ev.append(("use", v))
        if kill is not None and id(kill) in cand:
            ev.append(("def", kill))
        return ev

    def assigned_var(self, start, end):
        """The local `x` of an expression `x = ...` (a plain assignment
        at the top), or None."""
        toks = self.toks
        if end - start >= 3 and toks[start + 1].is_op("="):
            return self.fa.refs.get(start)
        return None

    # -- the graph -------------------------------------------------------------

    def build(self, s, nxt, ctx):
        k = s.kind
        if k == "compound":
            for item in reversed(s.items):
                nxt = self.build(item, nxt, ctx)
            return nxt
        if k == "expr":
            a, b = s.expr
            return self.node(self.range_events(a, b, self.assigned_var(a, b)),
                             [nxt])
        if k == "decl":
            ev = []
            by_tok = self.fa.var_by_tok
            for d in s.decls:
                v = by_tok.get(d.name_tok.index) if d.name_tok else None
                if d.init is not None:
                    ev += self.range_events(d.init[0], d.init[1])
                if v is not None and id(v) in self.cand:
                    ev.append(("def", v))
            return self.node(ev, [nxt])
        if k == "if":
            then = self.build(s.then, nxt, ctx)
            orelse = self.build(s.else_, nxt, ctx) if s.else_ is not None \
                else nxt
            lp, rp = s.cond
            return self.node(self.range_events(lp + 1, rp), [then, orelse])
        if k == "while":
            lp, rp = s.cond
            head = self.node(self.range_events(lp + 1, rp))
            body = self.build(s.body, head, ctx.but(brk=nxt, cont=head))
            head.succ = [body, nxt]
            return head
        if k == "do":
            lp, rp = s.cond
            cond = self.node(self.range_events(lp + 1, rp))
            body = self.build(s.body, cond, ctx.but(brk=nxt, cont=cond))
            cond.succ = [body, nxt]
            return body
        if k == "for":
            step = self.node(self.range_events(*s.step, kill=self.assigned_var(
                *s.step)) if s.step else [])
            cond = self.node(self.range_events(*s.test) if s.test else [])
            body = self.build(s.body, step, ctx.but(brk=nxt, cont=step))
            step.succ = [cond]
            cond.succ = [body] + ([nxt] if s.test is not None else [])
            if isinstance(s.init, tuple):
                return self.node(self.range_events(
                    *s.init, kill=self.assigned_var(*s.init)), [cond])
            if s.init is not None:
                return self.build(s.init, cond, ctx)
            return cond
        if k == "switch":
            lp, rp = s.cond
            cases = []
            body = self.build(s.body, nxt, ctx.but(brk=nxt, cases=cases))
            head = self.node(self.range_events(lp + 1, rp))
            has_default = any(c[0] == "default" for c in cases)
            head.succ = [c[1] for c in cases] + ([] if has_default else [nxt])
            if not cases:
                head.succ.append(body)
            return head
        if k in ("case", "default"):
            inner = self.build(s.stmt, nxt, ctx) if s.stmt is not None \
                else nxt
            entry = self.node([], [inner])
            if ctx.cases is not None:
                ctx.cases.append((k, entry))
            return entry
        if k == "label":
            entry = self.label(ctx, s.name_tok.value)
            entry.succ = [self.build(s.stmt, nxt, ctx)]
            return entry
        if k == "goto":
            # a goto out of `async for` loops closes them on the way
            closes = [("await", None)] * len(self.fa.exits.get(id(s), ()))
            return self.node(closes, [self.label(ctx, s.label_tok.value)])
        if k == "asyncfor":
            return self.async_for(s, nxt, ctx)
        if k == "break":
            return self.node([], [ctx.brk or nxt])
        if k == "continue":
            return self.node([], [ctx.cont or nxt])
        if k == "return":
            ev = self.range_events(*s.expr) if s.expr is not None else []
            ev += [("await", None)] * len(self.fa.exits.get(id(s), ()))
            return self.node(ev, [ctx.exit])
        if k == "other":
            return self.node(self.range_events(s.first, s.last + 1), [nxt])
        return nxt  # pp, empty

    def async_for(self, s, nxt, ctx):
        """init (the generator's arguments) -> head (await the next value)
        -> body -> head; head and `break` -> after (close the generator,
        an await, then set the status variable)."""
        fa = self.fa
        ev = [("await", None)]
        if s.status is not None:
            a, b = s.status
            ev += self.range_events(a, b, self.assigned_target(a, b))
        after = self.node(ev, [nxt])
        head = self.node([("await", None)])
        body = self.build(s.body, head, ctx.but(brk=after, cont=head))
        head.succ = [body, after]
        init = []
        for a, b in s.args:
            init += self.range_events(a, b)
        af = fa.afor_of.get(id(s))
        if af is not None and af.target_var is not None and \
                id(af.target_var) in self.cand:
            init.append(("use", af.target_var))
        return self.node(init, [head])

    def assigned_target(self, a, b):
        """The local a status variable `rc` names, or None."""
        if b - a == 1:
            v = self.fa.refs.get(a)
            if v is not None and id(v) in self.cand:
                return v
        return None

    def label(self, ctx, name):
        n = ctx.labels.get(name)
        if n is None:
            n = ctx.labels[name] = self.node()
        return n

    # -- the analysis ------------------------------------------------------------

    def run(self):
        """The candidate Vars live right after some await (a set of ids)."""
        exit_ = self.node()
        ctx = _Ctx(labels={}, exit_=exit_)
        self.build(self.fa.func.body, exit_, ctx)
        changed = True
        nodes = self.nodes
        while changed:
            changed = False
            for n in reversed(nodes):
                out = frozenset()
                for s in n.succ:
                    out |= s.live_in
                live = set(out)
                for kind, v in reversed(n.events):
                    if kind == "use":
                        live.add(id(v))
                    elif kind == "def":
                        live.discard(id(v))
                live = frozenset(live)
                if out != n.live_out or live != n.live_in:
                    n.live_out = out
                    n.live_in = live
                    changed = True
        crossing = set()
        for n in nodes:
            live = set(n.live_out)
            for kind, v in reversed(n.events):
                if kind == "use":
                    live.add(id(v))
                elif kind == "def":
                    live.discard(id(v))
                else:
                    crossing |= live
        return crossing


def _post_order_awaits(node):
    """Await nodes of an expression tree, inner ones first, left to
    right: the order in which they suspend."""
    out = []

    def visit(n):
        for k in n.kids:
            visit(k)
        if n.kind in ("await", "yield"):
            out.append(n)

    visit(node)
    return out
