"""Frame sizes for `ciogen --report`, estimated for a data model.

ciogen is not a compiler, but it knows enough to tell how big a frame
is: the sizes of C's basic types in a data model (LP64: Linux and macOS
on 64-bit machines; ILP32: 32-bit targets such as Cortex-M), the struct
and union definitions of the input and of the headers it reads, typedefs,
and the frames it lays out itself. When something is not known (a type
from a system header, an array whose size is a macro), the report says so
and gives a lower bound. The compiler's `sizeof(struct f_frame)` (or a
task's `desc->task_size`) is the exact figure.
"""

import re

from ciogen.declarations import DeclParser, QUALIFIERS

MODELS = {
    # name: {type: (size, align)}
    "lp64": {"char": (1, 1), "short": (2, 2), "int": (4, 4), "long": (8, 8),
             "long long": (8, 8), "float": (4, 4), "double": (8, 8),
             "long double": (16, 16), "pointer": (8, 8), "_Bool": (1, 1),
             "enum": (4, 4)},
    "ilp32": {"char": (1, 1), "short": (2, 2), "int": (4, 4), "long": (4, 4),
              "long long": (8, 8), "float": (4, 4), "double": (8, 8),
              "long double": (8, 8), "pointer": (4, 4), "_Bool": (1, 1),
              "enum": (4, 4)},
}

_FIXED = {"int8_t": 1, "uint8_t": 1, "int16_t": 2, "uint16_t": 2,
          "int32_t": 4, "uint32_t": 4, "int64_t": 8, "uint64_t": 8,
          "bool": 1, "cio_time_t": 8}
_POINTER_SIZED = ("size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t")


class Unknown(Exception):
    def __init__(self, what):
        super().__init__(what)
        self.what = what


def collect_structs(toks, match, items, out):
    """Record the member types of every struct/union defined at file
    scope in a token list: out[("struct", tag)] = (is_union, [CType])."""
    dp = DeclParser(toks, match, lambda name: False)
    for item in items:
        sp = item.specs
        if sp is None:
            continue
        for kw, name, lbrace in sp.tag_defs:
            if kw == "enum":
                continue
            members = parse_members(dp, toks, lbrace, match[lbrace], out)
            key = (kw, name) if name is not None else body_key(toks, lbrace)
            out.setdefault(key, (kw == "union", members))


def body_key(toks, lbrace):
    """The key of an anonymous struct body (see CType.body)."""
    return ("body", id(toks), lbrace)


def parse_members(dp, toks, lbrace, rbrace, out):
    """Member types of a struct body; None for a member ciogen cannot size
    (a bit-field). Structs and unions defined inside (named, or anonymous
    members) are recorded in `out` too."""
    members = []
    i = lbrace + 1
    while i < rbrace:
        if toks[i].kind == "pp":
            i += 1
            continue
        end = dp.skip_to(i, rbrace, (";",))
        sp = dp.specs(i, end)
        for kw, name, lb in sp.tag_defs:
            if kw == "enum":
                continue
            inner = parse_members(dp, toks, lb, dp.match[lb], out)
            key = (kw, name) if name is not None else body_key(toks, lb)
            out.setdefault(key, (kw == "union", inner))
        decls, stop = dp.init_declarators(sp.end, end)
        if stop != end and toks[stop].is_op(":"):
            members.append(None)  # a bit-field
        elif not decls:
            # an anonymous struct/union member
            ct = dp.ctype(sp, _empty_decl(sp.end))
            members.append(ct)
        for d in decls:
            members.append(dp.ctype(sp, d))
        i = end + 1
    return members


def _empty_decl(at):
    from ciogen.declarations import Declarator
    d = Declarator()
    d.start = d.end = at
    return d


class Sizer:
    def __init__(self, model, structs, typedefs, frames):
        self.m = MODELS[model]
        self.structs = structs
        self.typedefs = typedefs
        self.frames = frames  # name -> FrameLayout of this invocation
        self._frame_cache = {}

    # -- types --------------------------------------------------------------

    def type(self, ct):
        """(size, align) of a CType; raises Unknown."""
        return self._derived(ct, list(ct.derivs), self._dims(ct), 0)

    def _derived(self, ct, derivs, dims, i):
        # derivations from the name outwards: `*a[3]` is an array of
        # pointers, and a pointer never needs the size of what it points to
        if i == len(derivs):
            return self.base(ct)
        d = derivs[i]
        if d == "ptr":
            return self.m["pointer"]
        if d == "array":
            if dims[i] is None:
                raise Unknown("an array size")
            size, align = self._derived(ct, derivs, dims, i + 1)
            return size * dims[i], align
        raise Unknown("a function type")

    def _dims(self, ct):
        """For each derivation, the array dimension (None if unknown)."""
        dims = []
        parts = ct.parts
        texts = []
        depth = 0
        cur = []
        for p in parts:
            if p == "[":
                depth += 1
                if depth == 1:
                    cur = []
                    continue
            elif p == "]":
                depth -= 1
                if depth == 0:
                    texts.append(" ".join(cur))
                    continue
            if depth >= 1:
                cur.append(p)
        k = 0
        for d in ct.derivs:
            if d == "array":
                dims.append(_eval(texts[k]) if k < len(texts) else None)
                k += 1
            else:
                dims.append(None)
        return dims

    def base(self, ct):
        words = [w for w in ct.spec_words if w not in QUALIFIERS]
        m = self.m
        if not words:
            raise Unknown("a type")
        if words[0] in ("struct", "union"):
            if len(words) > 1 and words[1] != "{":
                return self.aggregate(words[0], words[1])
            if ct.body is not None and ct.body in self.structs:
                return self._members(self.structs[ct.body], "an anonymous "
                                     + words[0])
            raise Unknown("an anonymous %s" % words[0])
        if words[0] == "enum":
            return m["enum"]
        ws = set(words)
        if "double" in ws:
            return m["long double"] if "long" in ws else m["double"]
        if "float" in ws:
            return m["float"]
        if "_Bool" in ws:
            return m["_Bool"]
        if "char" in ws:
            return m["char"]
        if "short" in ws:
            return m["short"]
        if words.count("long") >= 2:
            return m["long long"]
        if "long" in ws:
            return m["long"]
        if ws & {"int", "signed", "unsigned"}:
            return m["int"]
        if "void" in ws:
            raise Unknown("void")
        name = words[0]
        if name in _FIXED:
            n = _FIXED[name]
            return n, n
        if name in _POINTER_SIZED:
            return m["pointer"]
        td = self.typedefs.get(name)
        if td is not None:
            return self.type(td)
        raise Unknown("'%s'" % name)

    def aggregate(self, kw, tag):
        if kw == "struct" and tag.endswith("_frame") and \
                tag[:-6] in self.frames:
            return self.frame(tag[:-6])
        info = self.structs.get((kw, tag))
        if info is None:
            raise Unknown("'%s %s'" % (kw, tag))
        return self._members(info, "'%s %s'" % (kw, tag))

    def _members(self, info, what):
        is_union, members = info
        if any(mm is None for mm in members):
            raise Unknown("a bit-field in %s" % what)
        return self.layout([self.type(mm) for mm in members], is_union)

    @staticmethod
    def layout(fields, is_union):
        size = 0
        align = 1
        for s, a in fields:
            align = max(align, a)
            if is_union:
                size = max(size, s)
            else:
                size = (size + a - 1) // a * a + s
        size = (size + align - 1) // align * align
        return size, align

    # -- frames ----------------------------------------------------------------

    def frame(self, name):
        if name in self._frame_cache:
            got = self._frame_cache[name]
            if got is None:
                raise Unknown("a recursive frame")
            if isinstance(got, Unknown):
                raise got
            return got
        self._frame_cache[name] = None
        try:
            got = self._frame(name)
        except Unknown as e:
            self._frame_cache[name] = e
            raise
        self._frame_cache[name] = got
        return got

    def _frame(self, name):
        lay = self.frames[name]
        f = lay.func
        if f.is_gen:
            from ciogen.declarations import CType
            fields = [self.type(CType(("cio_agen_t",), "cio_agen_t", [None],
                                      ()))]
        else:
            fields = [(2, 2)]  # cio_coro_t: a uint16_t
        if f.ret is not None and not f.is_gen:
            fields.append(self.type(f.ret.without_top_const()))
        for p in lay.params:
            fields.append(self.type(p.ctype))
        fields += [self.member(m) for m in lay.members]
        if lay.slots:
            fields.append(self.layout([self.slot(s) for s in lay.slots],
                                      True))
        return self.layout(fields, False)

    def member(self, m):
        if m.members is not None:
            return self.layout([self.member(x) for x in m.members],
                               m.is_union)
        return self.type(m.ctype)

    def slot(self, s):
        if s.boxed:
            fields = [self.m["pointer"]]
            if s.callee.ret is not None:
                fields.append(self.type(s.callee.ret))
            return self.layout(fields, False)
        return self.aggregate("struct", s.callee.name + "_frame")


_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([-+*/()]))")


def _eval(text):
    """The value of a constant array size made of integer literals and
    + - * / ( ), or None for anything else (a macro, sizeof, ...)."""
    toks = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            return None
        toks.append(int(m.group(1), 0) if m.group(1) else m.group(2))
        pos = m.end()
    if not toks:
        return None
    value, rest = _sum(toks)
    if rest or value is None or value < 0:
        return None
    return value


def _sum(toks):
    value, toks = _product(toks)
    while value is not None and toks and toks[0] in ("+", "-"):
        op = toks[0]
        rhs, toks = _product(toks[1:])
        if rhs is None:
            return None, toks
        value = value + rhs if op == "+" else value - rhs
    return value, toks


def _product(toks):
    value, toks = _atom(toks)
    while value is not None and toks and toks[0] in ("*", "/"):
        op = toks[0]
        rhs, toks = _atom(toks[1:])
        if rhs is None or (op == "/" and rhs == 0):
            return None, toks
        value = value * rhs if op == "*" else value // rhs
    return value, toks


def _atom(toks):
    if not toks:
        return None, toks
    t = toks[0]
    if isinstance(t, int):
        return t, toks[1:]
    if t == "(":
        value, rest = _sum(toks[1:])
        if value is None or not rest or rest[0] != ")":
            return None, rest
        return value, rest[1:]
    if t == "-":
        value, rest = _atom(toks[1:])
        return (None if value is None else -value), rest
    return None, toks
