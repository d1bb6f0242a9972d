"""The data the templates render: one model per output file.

The `.c` file is the input file itself, with every async function (and
async prototype) replaced by generated code at the same place; everything
else is copied as written. The own header is included after the input's
leading block of preprocessor lines (so `#define _POSIX_C_SOURCE` and the
like still come first). Static frames whose children are defined later in
the file are defined at the end instead.

The `.h` file declares, for other files, the frames and helpers of the
public async functions, after the `#include`s the input has at file scope
(for the types in those frames).
"""

from ciogen.emit import BodyBuilder, NodeModel, _Lines
from ciogen.lexer import include_target, PP


def _cond_lines(cond):
    """The directives that reopen a conditional context: for each level,
    the #if and every #elif/#else up to the current branch."""
    opens = []
    for chain in cond:
        for tok in chain:
            opens.append(tok.value.strip())
    return opens, len(cond)


class FuncModel:
    """Template data for one async function definition."""

    def __init__(self, f, low, lay):
        self.f = f
        self.name = f.name
        self.static = f.static
        self.line = f.line
        self.file = f.input.display
        self.names = low.names
        self.fp = low.fp
        self.in_header = f.in_header
        self.deferred = f.deferred
        self.storage = "static " if f.static else ""
        # declared in the header (public and its signature can be)
        self.declared_in_header = not f.static and not f.sig_private
        ret = f.ret
        self.is_gen = f.is_gen
        # a generator has no return value: `ret` is the type it yields
        self.has_ret = ret is not None and not f.is_gen
        self.ret_decl = ret.without_top_const().declare("ret") \
            if self.has_ret else None
        self.result_kind = ret.result_kind(f.input.typedef_types) \
            if self.has_ret else "none"
        self.elem = ret.abstract() if f.is_gen else None
        self.points = [{"number": p.number, "line": p.line, "text": p.text}
                       for p in f.analysis.points]
        # yields do not need the task argument; awaits do
        self.uses_task = any(p.kind != "yield" for p in f.analysis.points)
        self.params = [{"name": p.name, "decl": p.ctype.declare(p.name),
                        "field": p.field.path} for p in
                       (v for v in f.analysis.root.locals
                        if v.kind == "param")]
        self.members = [_member(m) for m in lay.members]
        self.param_fields = [_member(m) for m in lay.params]
        self.slots = []
        for s in lay.slots:
            self.slots.append({
                "name": s.name, "boxed": s.boxed,
                "ret_decl": s.callee.ret.without_top_const().declare("ret")
                if s.callee.ret is not None else None,
                "lines": ", ".join(str(n) for n in _unique(s.lines)),
                "callee": s.callee.name})
        # helper names that cannot clash with the parameters
        taken = {p.name for p in f.params}
        self.h = {}
        for key, base in (("loop", "loop"), ("out", "out"),
                          ("storage", "storage"), ("result", "result"),
                          ("t", "t"), ("rc", "rc"), ("frame", "fr"),
                          ("co", "co"), ("value", "out")):
            name = base
            while name in taken:
                name += "_"
            self.h[key] = name
            if key not in ("co", "value"):
                taken.add(name)
        # struct and union tags of the signature, declared before the
        # prototypes: a `struct lists *` parameter would otherwise declare
        # a new type that is only visible inside the parameter list
        self.tag_decls = []
        for ct in [p.ctype for p in f.params] + ([ret] if ret else []):
            words = list(ct.spec_words)
            for i, w in enumerate(words[:-1]):
                if w in ("struct", "union") and words[i + 1] != "{":
                    tag = "%s %s" % (w, words[i + 1])
                    if tag not in self.tag_decls:
                        self.tag_decls.append(tag)
        self.call_args = [p.name for p in f.params]
        self.param_decls = [p.ctype.declare(p.name) for p in f.params]
        self._ret = ret
        uses = f.uses
        public = not f.static
        # a generator is no task: none of the task helpers
        task = not f.is_gen
        self.spawn = task and (public or bool(uses & {"spawn", "run"}))
        self.spawn_in = task and (public or "spawn_in" in uses)
        self.result = self.has_ret and (public or "result" in uses)
        self.run = task and (public or "run" in uses)
        self.desc_needed = public or self.uses_task or self.spawn or \
            self.spawn_in or self.run or "desc" in uses
        self.body = []
        self.frame_unused = False

    # The templates spell the declarators; these put the return type
    # (which may be as complex as `int (*)(int)`) around them.

    def declare_ret(self, declarator):
        """`RET declarator`, e.g. `int fetch_result(cio_task_t *t)`."""
        return self._ret.without_top_const().declare(declarator)

    def declare_ret_as_written(self, declarator):
        return self._ret.declare(declarator)

    def declare_ret_pointer(self, name):
        """`RET *name`, e.g. `int (**result)(int)`."""
        return self._ret.without_top_const().declare_pointer(name)

    def build_body(self, low):
        self.body = BodyBuilder(low, NodeModel(self)).build()
        used = bool(self.points) or self.has_ret or self.is_gen
        if not used:
            needle = self.fp + "->"
            for seg in self.body:
                if seg[0] == "src":
                    used = any(needle in ln[1] for ln in seg[1])
                else:
                    used = needle in repr(seg[1])
                if used:
                    break
        self.frame_unused = not used


def _member(m):
    if m.members is not None:
        return {"kind": "group", "union": m.is_union, "name": m.name,
                "members": [_member(x) for x in m.members], "note": m.note,
                "line": m.line}
    return {"kind": "field", "decl": m.decl, "name": m.name,
            "origin": m.origin, "line": m.line, "note": m.note}


def _unique(seq):
    out = []
    for x in seq:
        if x not in out:
            out.append(x)
    return out


class FileModel:
    def __init__(self, inp, program, func_models, options):
        self.input = inp.display
        self.c_name = inp.c_name
        self.h_name = inp.h_name
        # how the .c file includes its own header (--header-prefix)
        self.h_include = options.header_prefix + inp.h_name
        self.guard = "CIOGEN_" + "".join(
            c if c.isalnum() else "_" for c in inp.base.upper()) + "_H"
        self.line_directives = not options.no_line
        fms = [fm for fm in func_models if fm.f.input is inp]
        by_func = {id(fm.f): fm for fm in fms}
        self.uses_memcpy = any(fm.uses_memcpy for fm in fms)
        # -- header -----------------------------------------------------
        generated = {i.h_name for i in program.inputs}
        self.user_includes = []
        for item in inp.includes:
            for k in range(item.first, item.last + 1):
                t = inp.toks[k]
                if t.kind != PP:
                    continue
                target = include_target(t)
                if target is None or target[0] in generated:
                    continue
                opens, closes = _cond_lines(item.cond)
                self.user_includes.append({
                    "line": t.line, "text": t.value.strip(), "opens": opens,
                    "closes": closes})
        self.source_needs = [i.h_name for i in sorted(
            inp.needs_inputs, key=lambda i: i.index)]
        frames = [fm for fm in fms if fm.in_header]
        self.header_frames = _topological(frames)
        for fm in self.header_frames:
            fm.cond_opens, fm.cond_closes = _cond_lines(fm.f.item.cond)
            fm.header_deps = [i.h_name for i in sorted(
                getattr(fm.f, "header_deps", []), key=lambda i: i.index)]
        self.publics = [fm for fm in fms if fm.declared_in_header]
        for fm in self.publics:
            fm.cond_opens, fm.cond_closes = _cond_lines(fm.f.item.cond)
        # prototypes the .ac declares for public functions defined
        # elsewhere: the editor declarations go in the header too
        # -- source -------------------------------------------------------
        self.chunks = self._chunks(inp, by_func, fms)
        self.deferred = _topological([fm for fm in fms if fm.deferred])
        for fm in self.deferred:
            fm.cond_opens, fm.cond_closes = _cond_lines(fm.f.item.cond)

    def _chunks(self, inp, by_func, fms):
        toks = inp.toks
        text = inp.src.text
        src = inp.src
        chunks = []
        # where the own header is included: after the leading run of
        # preprocessor lines
        insert_at = 0
        for item in inp.items:
            if item.kind != "pp" or not all(
                    toks[k].kind == PP for k in range(item.first,
                                                      item.last + 1)):
                break
            end = toks[item.last].end
            nl = text.find("\n", end)
            insert_at = len(text) if nl < 0 else nl + 1
        has_async = any(item.kind == "async" for item in inp.items)
        included = [False]

        def verbatim(start, end):
            if start >= end:
                return
            if has_async and not included[0] and start <= insert_at <= end:
                verbatim_raw(start, insert_at)
                chunks.append({"kind": "own_includes"})
                included[0] = True
                verbatim_raw(insert_at, end)
                return
            verbatim_raw(start, end)

        def verbatim_raw(start, end):
            if start >= end:
                return
            lines = _Lines(src)
            lines.raw(start, text[start:end])
            got = lines.lines + ([lines.cur] if lines.cur is not None and
                                 lines.cur[1] != "" else [])
            if got:
                chunks.append({"kind": "src", "lines": got})

        funcs = {id(f.item): f for f in inp.functions}
        declared = set()
        pos = 0
        for item in inp.items:
            if item.kind != "async":
                continue
            f = funcs.get(id(item))
            first = toks[item.first]
            line_start = src.line_start(first.line)
            cut = line_start if not text[line_start:first.start].strip() \
                else first.start
            verbatim(pos, cut)
            if has_async and not included[0]:
                chunks.append({"kind": "own_includes"})
                included[0] = True
            if f is not None:
                first_decl = f.name not in declared
                declared.add(f.name)
                fm = by_func.get(id(f))
                if f.is_def and fm is not None:
                    chunks.append({"kind": "definition", "fn": fm,
                                   "first_decl": first_decl})
                elif not f.is_def:
                    defined_here = next(
                        (by_func.get(id(g)) for g in inp.functions
                         if g.is_def and g.name == f.name), None)
                    where = None
                    if defined_here is not None:
                        where = inp.h_name if defined_here.declared_in_header \
                            else None
                    else:
                        entry = inp.local_sigs.get(f.name)
                        sig = entry[1] if entry else None
                        if sig is not None and sig.input is not None and \
                                sig.func is not None:
                            where = sig.input.h_name
                    chunks.append({"kind": "prototype", "fn": defined_here,
                                   "static": f.static, "name": f.name,
                                   "line": f.line, "first_decl": first_decl,
                                   "where": where,
                                   "text": _one_line(inp, item).rstrip(";")})
            end = toks[item.last].end
            nl = text.find("\n", end)
            if nl >= 0 and not text[end:nl].strip():
                end = nl + 1
            pos = end
        verbatim(pos, len(text))
        return chunks


def _one_line(inp, item):
    from ciogen.declarations import range_text
    return range_text(inp.toks, item.first, item.last + 1)


def _topological(fms):
    """Frames whose children come first; otherwise in source order."""
    ids = {id(fm.f): fm for fm in fms}
    out = []
    state = {}

    def visit(fm):
        st = state.get(id(fm))
        if st == 2:
            return
        if st == 1:
            return  # a cycle: reported elsewhere
        state[id(fm)] = 1
        for p, c in fm.f.callees:
            if c is not None and not p.boxed and id(c) in ids:
                visit(ids[id(c)])
        state[id(fm)] = 2
        out.append(fm)

    for fm in sorted(fms, key=lambda fm: (fm.f.input.index,
                                          fm.f.name_tok.index)):
        visit(fm)
    return out
