"""C declarations: specifiers, declarators and the types they spell.

The generator never needs a full C type system. It needs to
- find the names a declaration declares and where their scope starts,
- re-declare a variable under another name (a frame field), as a pointer
  (a `*result` out-parameter) or without a name (a compound literal),
- tell void, integers (signed or not), object pointers, function pointers,
  arrays and the rest apart (a task's result; boxed awaits),
and it must do so for whatever a C programmer writes: `int (*cb)(int)`,
`char buf[64]`, `const struct pt *const p`, `unsigned long long n`.

A `CType` is the specifier text plus the declarator as a list of token
texts in which the declared name is a hole (`None`).
"""

from ciogen.lexer import IDENT, NUMBER, PUNCT, STRING, CHAR

STORAGE = frozenset(("static", "extern", "typedef", "register", "auto",
                     "_Thread_local", "__thread"))
FUNC_SPEC = frozenset(("inline", "__inline", "__inline__", "_Noreturn"))
ASYNC_WORDS = frozenset(("async", "CIO_ASYNC", "CIO_ASYNC_GEN"))
# How a header declares an async generator (cio/async.h).
GEN_WORD = "CIO_ASYNC_GEN"
QUALIFIERS = frozenset(("const", "volatile", "restrict", "__restrict",
                        "__restrict__", "__const", "__volatile__",
                        "__volatile", "_Nonnull", "_Nullable"))
BASIC_TYPES = frozenset(("void", "char", "short", "int", "long", "float",
                         "double", "signed", "unsigned", "_Bool", "_Complex",
                         "_Imaginary", "__int128", "__signed__", "__signed",
                         "__unsigned", "_Float16", "_Float32", "_Float64",
                         "_Float128", "__float128"))
TAG_WORDS = frozenset(("struct", "union", "enum"))
# Specifiers followed by a parenthesised argument.
PAREN_SPECS = frozenset(("__attribute__", "__attribute", "_Alignas",
                         "__declspec", "__typeof__", "__typeof", "typeof",
                         "__extension__", "_Atomic", "__alignas"))
ATTRIBUTE_WORDS = frozenset(("__attribute__", "__attribute", "__declspec",
                             "__asm__", "__asm", "asm"))
DECL_START_WORDS = (STORAGE | FUNC_SPEC | QUALIFIERS | BASIC_TYPES |
                    TAG_WORDS | frozenset(("_Alignas", "__typeof__",
                                           "__typeof", "typeof", "_Atomic",
                                           "__extension__", "_Static_assert",
                                           "static_assert")))

# Keywords that can never be a typedef or variable name.
KEYWORDS = (DECL_START_WORDS | ASYNC_WORDS | frozenset((
    "if", "else", "while", "do", "for", "switch", "case", "default",
    "return", "break", "continue", "goto", "sizeof", "_Alignof",
    "__alignof__", "_Generic", "await", "yield", "asm", "__asm__", "__asm",
    "__attribute__", "__attribute", "__builtin_va_arg",
    "__builtin_offsetof")))

# Integer typedefs every C programmer uses (they come from system headers
# that ciogen does not read). The value says whether the type is signed.
KNOWN_INTEGER_TYPEDEFS = {
    "size_t": False, "ssize_t": True, "ptrdiff_t": True,
    "intptr_t": True, "uintptr_t": False, "intmax_t": True,
    "uintmax_t": False, "off_t": True, "pid_t": True, "time_t": True,
    "wchar_t": True, "sig_atomic_t": True, "socklen_t": False,
    "cio_time_t": True, "bool": False, "char16_t": False,
    "char32_t": False, "uid_t": False, "gid_t": False, "mode_t": False,
}
for _bits in ("8", "16", "32", "64"):
    for _fmt in ("int%s_t", "int_least%s_t", "int_fast%s_t"):
        KNOWN_INTEGER_TYPEDEFS[_fmt % _bits] = True
        KNOWN_INTEGER_TYPEDEFS["u" + _fmt % _bits] = False
_NARROW_TYPEDEFS = frozenset(("int8_t", "int16_t", "int_least8_t",
                              "int_least16_t", "int_fast8_t"))
KNOWN_TYPEDEFS = frozenset(KNOWN_INTEGER_TYPEDEFS) | frozenset((
    "FILE", "va_list", "__builtin_va_list", "jmp_buf", "fpos_t",
    "div_t", "ldiv_t", "clock_t", "max_align_t", "float_t", "double_t"))


def is_word(text):
    return bool(text) and (text[0].isalnum() or text[0] in "_$" or
                           ord(text[0]) > 127)


def join_texts(texts):
    """Join token texts the way a person writes a type: `unsigned long`,
    `char *const *p`, `int (*cb)(int, char *)`."""
    out = []
    prev = ""
    for t in texts:
        if out:
            if is_word(prev) and is_word(t):
                out.append(" ")
            elif prev == ",":
                out.append(" ")
            elif is_word(prev) and t == "*":
                out.append(" ")
            elif is_word(prev) and t == "(" and prev in QUALIFIERS | \
                    BASIC_TYPES:
                out.append(" ")
        out.append(t)
        prev = t
    return "".join(out)


class CType:
    """A type as written: specifier text and a declarator template.

    `derivs` lists the declarator's derivations from the name outwards:
    'ptr', 'array', 'func'. `int *a[3]` -> ['array', 'ptr'];
    `int (*cb)(int)` -> ['ptr', 'func']."""

    def __init__(self, spec_words, spec_text, parts, derivs,
                 tag_body=False):
        self.spec_words = tuple(spec_words)  # specifier tokens (texts)
        self.spec_text = spec_text
        self.parts = list(parts)  # declarator texts, None = the name
        self.derivs = tuple(derivs)
        self.tag_body = tag_body  # the specifiers define a struct/union
        self.body = None  # key of that definition (see sizes.body_key)

    # -- rendering ---------------------------------------------------------

    def declare(self, name):
        """`int *name[3]`."""
        decl = join_texts([name if p is None else p for p in self.parts])
        if not decl:
            return self.spec_text
        return self.spec_text + " " + decl

    def abstract(self):
        """The type name without a declarator name: `int *[3]`."""
        texts = [p for p in self.parts if p is not None]
        decl = join_texts(texts)
        if not decl:
            return self.spec_text
        if decl[0] == "[":
            return self.spec_text + decl
        return self.spec_text + " " + decl

    def declare_pointer(self, name):
        """Declare `name` as a pointer to this type."""
        i = self.parts.index(None)
        after = self.parts[i + 1] if i + 1 < len(self.parts) else None
        if after in ("[", "("):
            inner = ["(", "*", None, ")"]
        else:
            inner = ["*", None]
        return CType(self.spec_words, self.spec_text,
                     self.parts[:i] + inner + self.parts[i + 1:],
                     ("ptr",) + self.derivs).declare(name)

    def pointer_abstract(self):
        """The type name of a pointer to this type: `int *`,
        `const char **`, `int (**)(int)`."""
        return self.declare_pointer("")

    def _copy(self, spec_words, spec_text, parts, derivs):
        ct = CType(spec_words, spec_text, parts, derivs, self.tag_body)
        ct.body = self.body
        return ct

    def without_top_const(self):
        """The same type without a top-level `const` (a frame field that
        the generated code assigns). For an array that is the `const` of
        its elements: `const int a[3]` -> `int a[3]`, but `const char
        *b[3]` (an array of pointers to const char) stays as it is, and
        `char *const c[2]` -> `char *c[2]`."""
        return self.without_top(("const", "__const"))

    def without_top(self, words):
        """The same type without the top-level qualifiers `words` (of its
        elements, for an array)."""
        derivs = self.derivs
        while derivs and derivs[0] == "array":
            derivs = derivs[1:]
        if not derivs:
            kept = [w for w in self.spec_words if w not in words]
            if len(kept) != len(self.spec_words):
                text = " ".join(w for w in self.spec_text.split(" ")
                                if w not in words)
                return self._copy(kept, text, self.parts, self.derivs)
            return self
        if derivs[0] == "ptr":
            # the qualifiers of the outermost pointer come right before
            # the name: `*const p`, `*const b[2]`, `(*const fp[2])(int)`
            i = self.parts.index(None)
            parts = list(self.parts)
            j = i - 1
            changed = False
            while j >= 0 and parts[j] in QUALIFIERS:
                if parts[j] in words:
                    del parts[j]
                    changed = True
                j -= 1
            if changed:
                return self._copy(self.spec_words, self.spec_text, parts,
                                  self.derivs)
        return self

    @property
    def top_volatile(self):
        """Is the object (each element, for an array) volatile?"""
        return self.without_top(("volatile", "__volatile",
                                 "__volatile__")) is not self

    # -- classification ----------------------------------------------------

    @property
    def is_void(self):
        return not self.derivs and self.base_kind() == "void"

    @property
    def is_array(self):
        return bool(self.derivs) and self.derivs[0] == "array"

    @property
    def is_pointer(self):
        return bool(self.derivs) and self.derivs[0] == "ptr"

    @property
    def is_function_pointer(self):
        return self.derivs[:2] == ("ptr", "func")

    @property
    def is_object_pointer(self):
        return self.is_pointer and not self.is_function_pointer

    def base_kind(self):
        """'void', 'signed', 'unsigned', 'char', 'float', 'struct',
        'union', 'enum' or 'unknown' for the specifiers alone."""
        words = [w for w in self.spec_words
                 if w not in QUALIFIERS and w not in STORAGE]
        if not words:
            return "unknown"
        if words[0] in ("struct", "union"):
            return words[0]
        if words[0] == "enum":
            return "enum"
        wset = set(words)
        if wset & {"float", "double", "_Complex", "_Float16", "_Float32",
                   "_Float64", "_Float128", "__float128"}:
            return "float"
        if "void" in wset:
            return "void"
        if wset & {"unsigned", "__unsigned", "_Bool"}:
            return "unsigned"
        if wset & {"signed", "__signed", "__signed__"}:
            return "signed"
        if wset & {"short", "int", "long", "__int128"}:
            return "signed"
        if "char" in wset:
            return "char"
        for w in words:
            if w in KNOWN_INTEGER_TYPEDEFS:
                return "signed" if KNOWN_INTEGER_TYPEDEFS[w] else "unsigned"
        return "unknown"

    def result_kind(self, typedefs=None, depth=0):
        """How a task reports a coroutine's return value of this type:
        'none' (void, float, struct, function pointer, unknown),
        'signed' (an integer whose negative values are errors),
        'unsigned' (an integer, never an error), 'pointer'. `typedefs`
        ({name: CType}) lets it look through typedefs it can see."""
        if self.derivs:
            if self.is_object_pointer:
                return "pointer"
            return "none"
        kind = self.base_kind()
        if kind in ("signed", "enum"):
            return "signed"
        if kind in ("unsigned", "char"):
            return "unsigned"
        if kind == "unknown":
            td = self._typedef_named(typedefs, depth)
            if td is not None:
                return td.result_kind(typedefs, depth + 1)
        return "none"

    def _typedef_named(self, typedefs, depth):
        """The typedef this type's first non-qualifier specifier names, if
        `typedefs` knows it (None past a depth of 8: a guard on cycles)."""
        if not typedefs or depth >= 8:
            return None
        for w in self.spec_words:
            if w not in QUALIFIERS:
                return typedefs.get(w)
        return None

    def carries_errors(self, typedefs=None):
        """Can a value of this type be a negative CIO_E* code (a signed
        integer at least as wide as int)?"""
        if self.result_kind(typedefs) != "signed":
            return False
        return not self._narrow(typedefs, 0)

    def _narrow(self, typedefs, depth):
        words = set(self.spec_words)
        if words & {"short", "char"} or words & _NARROW_TYPEDEFS:
            return True
        if not self.derivs:
            td = self._typedef_named(typedefs, depth)
            if td is not None:
                return td._narrow(typedefs, depth + 1)
        return False

    def is_integer(self):
        return self.result_kind() in ("signed", "unsigned")

    def __repr__(self):
        return "CType(%r)" % self.declare("<>")


INT_TYPE = CType(("int",), "int", [None], ())


class DeclSpecs:
    """The specifiers of a declaration: storage class, `async`, and the
    tokens that spell the type."""

    def __init__(self):
        self.start = self.end = 0
        self.storage = None
        self.storage_tok = None
        self.async_tok = None
        self.inline_tok = None
        self.attr_tok = None
        self.type_idx = []  # indices of the tokens that spell the type
        self.has_type = False
        self.tag_defs = []  # (keyword, name or None, lbrace index)
        self.tag_refs = []  # (keyword, name)
        self.typedef_names = []  # identifiers used as typedef names
        self.bad = None  # a token that cannot start a declaration


class Declarator:
    """A (possibly abstract) declarator: tokens [start, end), the name (if
    any) and the derivations from the name outwards. `params` is set when
    the name is directly followed by a parameter list (a function)."""

    def __init__(self):
        self.start = self.end = 0
        self.name_tok = None
        self.derivs = []
        self.params = None  # ParamList applied directly to the name
        self.array_dims = []  # (lbracket, rbracket) of array derivations
        self.init = None  # (start, end) of the initializer
        self.eq_tok = None


class Param:
    def __init__(self, specs, decl, start, end):
        self.specs = specs
        self.decl = decl
        self.start = start
        self.end = end

    @property
    def name(self):
        return self.decl.name_tok.value if self.decl.name_tok else None


class ParamList:
    def __init__(self, lparen, rparen):
        self.lparen = lparen
        self.rparen = rparen
        self.params = []
        self.variadic = None  # the `...` token
        self.is_void = False  # `(void)`
        self.kr = False  # `()` or identifier list


class DeclParser:
    """Parses declarations over a token list. `match` maps each bracket
    token index to its partner; `is_type_name(name)` says whether an
    identifier names a type where that matters."""

    def __init__(self, toks, match, is_type_name):
        self.toks = toks
        self.match = match
        self.is_type_name = is_type_name

    # -- specifiers ----------------------------------------------------------

    def specs(self, i, end):
        """Parse declaration specifiers starting at token i (stopping before
        `end`). Returns DeclSpecs; `.end` is the first token after them."""
        toks = self.toks
        sp = DeclSpecs()
        sp.start = i
        while i < end:
            t = toks[i]
            if t.kind == "pp":
                i += 1
                continue
            if t.kind != IDENT:
                break
            v = t.value
            if v in STORAGE:
                if sp.storage is None:
                    sp.storage, sp.storage_tok = v, t
                i += 1
            elif v in ASYNC_WORDS:
                sp.async_tok = sp.async_tok or t
                i += 1
            elif v in FUNC_SPEC:
                sp.inline_tok = sp.inline_tok or t
                i += 1
            elif v in QUALIFIERS:
                sp.type_idx.append(i)
                i += 1
            elif v in BASIC_TYPES:
                sp.type_idx.append(i)
                sp.has_type = True
                i += 1
            elif v in TAG_WORDS:
                sp.type_idx.append(i)
                sp.has_type = True
                i += 1
                name = None
                while i < end and toks[i].kind == IDENT and \
                        toks[i].value in ATTRIBUTE_WORDS:
                    j = self._skip_paren_spec(i)
                    sp.type_idx.extend(range(i, j))
                    i = j
                if i < end and toks[i].kind == IDENT:
                    name = toks[i].value
                    sp.type_idx.append(i)
                    i += 1
                if i < end and toks[i].is_op("{"):
                    close = self.match.get(i)
                    if close is None:
                        break
                    sp.tag_defs.append((v, name, i))
                    sp.type_idx.extend(range(i, close + 1))
                    i = close + 1
                elif name is not None:
                    sp.tag_refs.append((v, name))
            elif v in ("__attribute__", "__attribute", "__declspec"):
                sp.attr_tok = sp.attr_tok or t
                i = self._skip_paren_spec(i)
            elif v in PAREN_SPECS:
                j = self._skip_paren_spec(i)
                sp.type_idx.extend(range(i, j))
                if v in ("__typeof__", "__typeof", "typeof") or \
                        (v == "_Atomic" and j > i + 1):
                    sp.has_type = True
                i = j
            elif not sp.has_type and v not in KEYWORDS:
                # A typedef name is a type specifier only when no other
                # type specifier came first (C11 6.7.2p2).
                sp.type_idx.append(i)
                sp.typedef_names.append(v)
                sp.has_type = True
                i += 1
            else:
                break
        sp.end = i
        return sp

    def _skip_paren_spec(self, i):
        """Skip `word` or `word(...)`; returns the index after it."""
        j = i + 1
        if j < len(self.toks) and self.toks[j].is_op("("):
            close = self.match.get(j)
            if close is not None:
                return close + 1
        return j

    # -- declarators ---------------------------------------------------------

    def declarator(self, i, end, abstract_ok=False):
        """Parse a declarator at i. Returns (Declarator, next index) or
        (None, i) if there is none."""
        toks = self.toks
        d = Declarator()
        d.start = i
        ptrs = 0
        while i < end and toks[i].is_op("*"):
            ptrs += 1
            i += 1
            while i < end and toks[i].kind == IDENT and (
                    toks[i].value in QUALIFIERS or
                    toks[i].value in ATTRIBUTE_WORDS or
                    toks[i].value == "_Atomic"):
                i = self._skip_paren_spec(i) if toks[i].value in \
                    ATTRIBUTE_WORDS else i + 1
        inner = None
        while i < end and toks[i].kind == IDENT and \
                toks[i].value in ATTRIBUTE_WORDS:
            i = self._skip_paren_spec(i)
        if i < end and toks[i].is_op("(") and self._nested(i, end):
            close = self.match.get(i)
            if close is None:
                return None, d.start
            inner, j = self.declarator(i + 1, close, abstract_ok)
            if inner is None or j != close:
                return None, d.start
            i = close + 1
        elif i < end and toks[i].kind == IDENT and \
                toks[i].value not in KEYWORDS:
            d.name_tok = toks[i]
            i += 1
        elif not abstract_ok:
            return None, d.start
        suffixes = []
        first_suffix = True
        while i < end:
            t = toks[i]
            if t.is_op("["):
                close = self.match.get(i)
                if close is None:
                    return None, d.start
                suffixes.append("array")
                d.array_dims.append((i, close))
                i = close + 1
            elif t.is_op("("):
                close = self.match.get(i)
                if close is None:
                    return None, d.start
                plist = self.params(i, close)
                if first_suffix and inner is None and d.name_tok is not None:
                    d.params = plist
                suffixes.append("func")
                i = close + 1
            elif t.kind == IDENT and t.value in ATTRIBUTE_WORDS:
                i = self._skip_paren_spec(i)
                continue
            else:
                break
            first_suffix = False
        if inner is not None:
            d.name_tok = inner.name_tok
            d.params = inner.params
            d.derivs = inner.derivs + suffixes + ["ptr"] * ptrs
            d.array_dims = inner.array_dims + d.array_dims
        else:
            d.derivs = suffixes + ["ptr"] * ptrs
        d.end = i
        return d, i

    def _nested(self, i, end):
        """Is the `(` at i a parenthesised declarator (rather than a
        parameter list of an abstract function declarator)?"""
        toks = self.toks
        j = i + 1
        if j >= end:
            return False
        t = toks[j]
        if t.is_op("*") or t.is_op("(") or t.is_op("["):
            return True
        if t.kind == IDENT:
            if t.value in ATTRIBUTE_WORDS:
                return True
            if t.value in KEYWORDS or self.is_type_name(t.value):
                return False
            return True
        return False

    def params(self, lparen, rparen):
        """Parse the parameter list between two parentheses."""
        pl = ParamList(lparen, rparen)
        toks = self.toks
        i = lparen + 1
        if i == rparen:
            pl.kr = True
            return pl
        if toks[i].is_ident("void") and i + 1 == rparen:
            pl.is_void = True
            return pl
        while i < rparen:
            j = self.skip_to(i, rparen, (","))
            if toks[i].is_op("..."):
                pl.variadic = toks[i]
            else:
                sp = self.specs(i, j)
                if not sp.has_type and sp.end == i:
                    # an identifier list (K&R) or something odd
                    pl.kr = True
                    pl.params.append(Param(sp, Declarator(), i, j))
                else:
                    d, k = self.declarator(sp.end, j, abstract_ok=True)
                    if d is None:
                        d = Declarator()
                        d.start = d.end = sp.end
                    pl.params.append(Param(sp, d, i, j))
            i = j + 1
        return pl

    def skip_to(self, i, end, stops):
        """Index of the first token in [i, end) whose value is in `stops`
        at bracket depth 0 (or `end`)."""
        toks = self.toks
        match = self.match
        while i < end:
            t = toks[i]
            if t.kind == PUNCT:
                if t.value in stops:
                    return i
                if t.value in ("(", "[", "{"):
                    close = match.get(i)
                    if close is None or close >= end:
                        return end
                    i = close + 1
                    continue
            i += 1
        return end

    def init_declarators(self, i, end):
        """Parse `declarator [= initializer], ...` up to `end` (the `;`).
        Returns the list of Declarators (each with .init)."""
        out = []
        toks = self.toks
        while i < end:
            d, j = self.declarator(i, end)
            if d is None:
                return out, i
            # bit-fields and asm labels are not expected here
            if j < end and toks[j].is_op("="):
                d.eq_tok = toks[j]
                k = self.skip_to(j + 1, end, (",",))
                d.init = (j + 1, k)
                j = k
            out.append(d)
            if j < end and toks[j].is_op(","):
                i = j + 1
                continue
            i = j
            break
        return out, i

    # -- types ----------------------------------------------------------------

    def spec_text(self, sp):
        return tokens_text(self.toks, sp.type_idx)

    def ctype(self, sp, d, drop=None):
        """The CType of declarator `d` with specifiers `sp`. `drop` is a set
        of token index ranges to leave out of the declarator (a function's
        own parameter list, when taking its return type)."""
        toks = self.toks
        parts = []
        skip_until = -1
        for k in range(d.start, d.end):
            if k < skip_until:
                continue
            if drop is not None and k == drop[0]:
                skip_until = drop[1] + 1
                continue
            t = toks[k]
            if t.kind == "pp":
                continue
            if d.name_tok is not None and k == d.name_tok.index:
                parts.append(None)
            elif t.kind == IDENT and t.value in ATTRIBUTE_WORDS:
                skip_until = self._skip_paren_spec(k)
            else:
                parts.append(t.value)
        if d.name_tok is None:
            # Abstract: put the hole where a name would go - after the
            # pointers and before the first suffix of the innermost level.
            parts = _insert_hole(parts)
        words = [toks[k].value for k in sp.type_idx]
        ct = CType(words, self.spec_text(sp), parts, d.derivs,
                   tag_body=bool(sp.tag_defs))
        if sp.tag_defs:
            ct.body = ("body", id(toks), sp.tag_defs[0][2])
        return ct

    def return_type(self, sp, d):
        """For a function declarator: the type it returns."""
        drop = (d.params.lparen, d.params.rparen)
        derivs = list(d.derivs)
        # the first derivation from the name is the function itself
        if derivs and derivs[0] == "func":
            derivs = derivs[1:]
        ct = self.ctype(sp, d, drop)
        ct.derivs = tuple(derivs)
        return ct

    def param_ctype(self, param):
        """A parameter's type after the adjustments C makes: an array
        becomes a pointer to its element, a function a pointer to it."""
        ct = self.ctype(param.specs, param.decl)
        if not ct.derivs or ct.derivs[0] not in ("array", "func"):
            return ct
        parts = list(ct.parts)
        i = parts.index(None)
        # remove the first suffix after the hole
        j = i + 1
        if ct.derivs[0] == "array":
            assert parts[j] == "["
            depth = 0
            while True:
                if parts[j] == "[":
                    depth += 1
                elif parts[j] == "]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            rest = parts[j + 1:]
            new = parts[:i] + (["(", "*", None, ")"] if rest and
                               rest[0] in ("[", "(") else ["*", None]) + rest
            return CType(ct.spec_words, ct.spec_text, new,
                         ("ptr",) + ct.derivs[1:], ct.tag_body)
        new = parts[:i] + ["(", "*", None, ")"] + parts[i + 1:]
        return CType(ct.spec_words, ct.spec_text, new,
                     ("ptr",) + ct.derivs, ct.tag_body)


def _insert_hole(parts):
    """Place the name hole into an abstract declarator's texts."""
    i = 0
    # walk into parenthesised declarators: `(*)(int)` -> `(*<>)(int)`
    while True:
        while i < len(parts) and parts[i] in ("*",) + tuple(QUALIFIERS):
            i += 1
        if i < len(parts) and parts[i] == "(" and i + 1 < len(parts) and \
                parts[i + 1] in ("*", "("):
            i += 1
            continue
        break
    return parts[:i] + [None] + parts[i:]


def tokens_text(toks, indices):
    """The text of some tokens of one source, one line: a single space
    where the source had whitespace or a comment between them."""
    out = []
    prev = None
    for k in indices:
        t = toks[k]
        if prev is not None and (t.start > prev.end or
                                 (is_word(prev.value) and is_word(t.value))):
            out.append(" ")
        out.append(t.value)
        prev = t
    return "".join(out)


def range_text(toks, start, end):
    return tokens_text(toks, range(start, end))


def is_literal(tok):
    return tok.kind in (NUMBER, STRING, CHAR)
