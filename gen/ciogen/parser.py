"""Parsing: the top level of a file, and the statements of async bodies.

The top level is split into items: preprocessor lines, declarations and
function definitions. Only async functions are parsed further; everything
else is copied to the output untouched (ordinary functions are only
scanned for misplaced `await`s and calls of async functions).

An async body is parsed into statements. Statements keep token indices,
so user code can be copied verbatim; expressions stay token ranges unless
an `await` is inside (see expressions.py). Declarations are parsed fully,
because their names decide which locals live in the frame.

Brackets are matched once per file. Inside `#if`/`#else` groups each
branch is matched on its own and the first branch wins, so the classic
`#ifdef __cplusplus extern "C" { #endif` pair works.
"""

from ciogen.declarations import (DeclParser, DECL_START_WORDS, KEYWORDS,
                                 ASYNC_WORDS, KNOWN_TYPEDEFS)
from ciogen.diag import Location, UserError
from ciogen.lexer import (IDENT, PUNCT, PP, EOF, directive_name, COND_OPEN,
                          COND_MIDDLE, COND_CLOSE)

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")": "(", "]": "[", "}": "{"}


def match_brackets(toks, diags=None):
    """Map the index of every bracket token to its partner's. Reports
    unbalanced brackets to `diags` (if given) and raises UserError."""
    match = {}
    stack = []
    # per open conditional: (stack at #if, stack at end of first branch,
    # in first branch?)
    conds = []
    for t in toks:
        if t.kind == PP:
            name = directive_name(t)
            if name in COND_OPEN:
                conds.append([list(stack), None])
            elif name in COND_MIDDLE and conds:
                if conds[-1][1] is None:
                    conds[-1][1] = list(stack)
                stack = list(conds[-1][0])
            elif name in COND_CLOSE and conds:
                first_end = conds[-1][1]
                if first_end is not None:
                    stack = first_end
                conds.pop()
            continue
        if t.kind != PUNCT:
            continue
        v = t.value
        if v in _OPEN:
            stack.append(t.index)
        elif v in _CLOSE:
            if not stack:
                if diags is not None:
                    what = "braces" if v == "}" else "brackets"
                    diags.error(t.loc, "unbalanced %s: '%s' without a "
                                "matching '%s'" % (what, v, _CLOSE[v]))
                    raise UserError()
                continue
            opener = toks[stack[-1]]
            if opener.value != _CLOSE[v]:
                if diags is not None:
                    d = diags.error(t.loc, "unbalanced brackets: '%s' does "
                                    "not match '%s'" % (v, opener.value))
                    d.note(opener.loc, "'%s' opened here" % opener.value)
                    raise UserError()
                stack.pop()
                continue
            stack.pop()
            match.setdefault(opener.index, t.index)
            match.setdefault(t.index, opener.index)
    if stack:
        if diags is not None:
            t = toks[stack[-1]]
            what = "braces" if t.value == "{" else "brackets"
            diags.error(t.loc, "unbalanced %s: this '%s' is never closed"
                        % (what, t.value))
            raise UserError()
    return match


# ---- Top level ---------------------------------------------------------------

class TopItem:
    """One top-level item: kind is 'pp', 'decl', 'func' (a definition),
    'async' (an async definition or prototype) or 'empty'."""

    def __init__(self, kind, first, last, cond):
        self.kind = kind
        self.first = first
        self.last = last  # inclusive
        self.cond = cond  # enclosing #if chain: tuple of pp-token tuples
        self.specs = None
        self.decl = None
        self.body = None  # lbrace index of a function body
        self.name = None


def cond_snapshot(stack):
    return tuple(tuple(chain) for chain in stack)


def split_top_level(toks, match, diags, src):
    """Split a file's tokens into TopItems."""
    items = []
    cond_stack = []  # lists of pp tokens: #if, #elif..., current branch
    dp = DeclParser(toks, match, lambda name: False)
    linkage_close = set()
    i = 0
    n = len(toks) - 1  # EOF
    while i < n:
        t = toks[i]
        if t.kind == PP:
            name = directive_name(t)
            if name in COND_OPEN:
                items.append(TopItem("pp", i, i, cond_snapshot(cond_stack)))
                cond_stack.append([t])
            elif name in COND_MIDDLE:
                if cond_stack:
                    cond_stack[-1].append(t)
                items.append(TopItem("pp", i, i, cond_snapshot(
                    cond_stack[:-1])))
            elif name in COND_CLOSE:
                if cond_stack:
                    cond_stack.pop()
                items.append(TopItem("pp", i, i, cond_snapshot(cond_stack)))
            else:
                items.append(TopItem("pp", i, i, cond_snapshot(cond_stack)))
            i += 1
            continue
        if t.is_op(";"):
            items.append(TopItem("empty", i, i, cond_snapshot(cond_stack)))
            i += 1
            continue
        if i in linkage_close:
            # the `}` of `extern "C" {`
            items.append(TopItem("pp", i, i, cond_snapshot(cond_stack)))
            i += 1
            continue
        if t.is_ident("extern") and toks[i + 1].kind == "string" and \
                toks[i + 2].is_op("{"):
            # a linkage specification is transparent: its declarations
            # are top-level declarations
            linkage_close.add(match[i + 2])
            items.append(TopItem("pp", i, i + 2, cond_snapshot(cond_stack)))
            i += 3
            continue
        j = i
        saw_eq = False
        prev = None
        kind = None
        while True:
            u = toks[j]
            if u.kind == EOF:
                diags.error(toks[i].loc, "expected ';' at the end of this "
                            "declaration")
                raise UserError()
            if u.kind == PP:
                j += 1
                continue
            if u.kind == PUNCT:
                if u.value in ("(", "["):
                    prev = u
                    j = match[j] + 1
                    prev = toks[j - 1]
                    continue
                if u.value == "{":
                    if prev is not None and prev.is_op(")") and not saw_eq:
                        kind = "func"
                        end = match[j]
                        break
                    j = match[j] + 1
                    prev = toks[j - 1]
                    continue
                if u.value == ";":
                    kind = "decl"
                    end = j
                    break
                if u.value == "=":
                    saw_eq = True
                if u.value == "}":
                    diags.error(u.loc, "unbalanced braces: '}' without a "
                                "matching '{'")
                    raise UserError()
            prev = u
            j += 1
        item = TopItem(kind, i, end, cond_snapshot(cond_stack))
        specs = dp.specs(i, end)
        item.specs = specs
        if kind == "func":
            item.body = _body_start(toks, i, end)
        if specs.async_tok is not None:
            item.kind = "async"
        limit = item.body if kind == "func" else end
        d, _ = dp.declarator(specs.end, limit)
        item.decl = d
        if d is not None and d.name_tok is not None:
            item.name = d.name_tok.value
        items.append(item)
        i = end + 1
    return items


def _body_start(toks, first, last):
    """The `{` that opens the body of the function definition [first,
    last]: the last token is its `}`."""
    depth = 0
    for k in range(last, first - 1, -1):
        t = toks[k]
        if t.kind != PUNCT:
            continue
        if t.value == "}":
            depth += 1
        elif t.value == "{":
            depth -= 1
            if depth == 0:
                return k
    return first


# ---- Statements ----------------------------------------------------------------

class Stmt:
    """A statement of an async body. `first`/`last` are inclusive token
    indices. Fields by kind:

    compound  items
    decl      specs, decls (Declarators with .init ranges)
    expr      expr = (start, end) - end is the ';'
    if        cond, then, else_tok, else_
    while     cond, body
    do        body, while_tok, cond
    for       init (a decl Stmt, an (start, end) range or None), cond,
              step (ranges or None), body
    switch    cond, body
    case      expr, colon, stmt     default  colon, stmt
    label     name_tok, stmt
    return    expr or None          goto  label_tok
    asyncfor  `async for (DECL : CALL [; STATUS]) body`: var_decl (a decl
              Stmt declaring the loop variable) or target (the index of
              an identifier naming an existing variable), colon, call =
              (name index, lparen, rparen), args [(start, end)], status
              (start, end) or None, cond (lparen, rparen), body
    break, continue, empty
    pp        a directive between statements
    other     asm statements, _Static_assert, attribute statements
    A `cond` is the (lparen, rparen) pair; the expression is inside.
    """

    def __init__(self, kind, first, last=None):
        self.kind = kind
        self.first = first
        self.last = last
        self.parent = None
        self.items = []
        self.specs = None
        self.decls = []
        self.expr = None
        self.cond = None
        self.then = self.else_ = self.else_tok = None
        self.body = None
        self.while_tok = None
        self.init = None
        self.step = None
        self.stmt = None
        self.colon = None
        self.name_tok = None
        self.label_tok = None
        self.var_decl = None
        self.target = None
        self.call = None
        self.args = []
        self.status = None
        self.pp_depth = 0  # open preprocessor conditionals around it

    def children(self):
        """The statements inside (not the declaration of an async for's
        loop variable, which is no statement of its own)."""
        if self.kind == "compound":
            return list(self.items)
        out = []
        if self.kind == "for" and isinstance(self.init, Stmt):
            out.append(self.init)
        for s in (self.then, self.else_, self.body, self.stmt):
            if s is not None:
                out.append(s)
        return out

    def __repr__(self):
        return "Stmt(%s %d..%s)" % (self.kind, self.first, self.last)


_STMT_KEYWORDS = frozenset(("if", "else", "while", "do", "for", "switch",
                            "case", "default", "return", "break", "continue",
                            "goto"))


class BodyParser:
    """Parses the statements of one async body.

    `typedefs` holds the file-scope typedef names ciogen knows about (the
    input's own, those of scanned headers, the usual system ones); block
    scopes are tracked here only to tell a declaration from an expression
    (`T * x;` declares x when T is a type)."""

    def __init__(self, toks, match, typedefs, diags, src):
        self.toks = toks
        self.match = match
        self.typedefs = typedefs
        self.diags = diags
        self.src = src
        self.scopes = [{}]  # name -> 'type' | 'var'
        self.dp = DeclParser(toks, match, self.is_type_name)
        self.pp_depth = 0

    # -- names ---------------------------------------------------------------

    def is_type_name(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name] == "type"
        return name in self.typedefs or name in KNOWN_TYPEDEFS or \
            (name.endswith("_t") and name not in KEYWORDS)

    def is_var(self, name):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name] == "var"
        return False

    def declare(self, name, what):
        self.scopes[-1][name] = what

    # -- errors ----------------------------------------------------------------

    def fail(self, index, message):
        self.diags.error(self.toks[index].loc, message)
        raise UserError()

    def expect(self, index, value, what=None):
        t = self.toks[index]
        if not (t.kind == PUNCT and t.value == value):
            self.fail(index, "expected '%s'%s" % (
                value, (" " + what) if what else "") +
                (" before '%s'" % t.value if t.kind != EOF else
                 " at end of input"))
        return index

    def close_of(self, index):
        c = self.match.get(index)
        if c is None:
            self.fail(index, "unbalanced '%s'" % self.toks[index].value)
        return c

    # -- statements -------------------------------------------------------------

    def function_body(self, lbrace, params):
        """Parse the body whose `{` is at lbrace. `params` are the names of
        the parameters (declared in the outermost scope)."""
        for p in params:
            self.declare(p, "var")
        return self.compound(lbrace, new_scope=False)

    def compound(self, lbrace, new_scope=True):
        rbrace = self.close_of(lbrace)
        st = Stmt("compound", lbrace, rbrace)
        if new_scope:
            self.scopes.append({})
        i = lbrace + 1
        depth0 = self.pp_depth
        opened = []
        while i < rbrace:
            t = self.toks[i]
            if t.kind == PP:
                name = directive_name(t)
                if name in COND_OPEN:
                    opened.append(t)
                    self.pp_depth += 1
                elif name in COND_MIDDLE or name in COND_CLOSE:
                    if not opened:
                        self.fail(i, "this '#%s' closes a conditional opened "
                                  "outside the enclosing block; ciogen needs "
                                  "#if ... #endif around complete statements "
                                  "inside an async function" % name)
                    if name in COND_CLOSE:
                        opened.pop()
                        self.pp_depth -= 1
                s = Stmt("pp", i, i)
                s.pp_depth = self.pp_depth
                st.items.append(s)
                i += 1
                continue
            s = self.statement(i, rbrace)
            s.parent = st
            st.items.append(s)
            i = s.last + 1
        if opened:
            self.fail(opened[-1].index, "this '#%s' is not closed within the "
                      "block; ciogen needs #if ... #endif around complete "
                      "statements inside an async function"
                      % directive_name(opened[-1]))
        self.pp_depth = depth0
        if new_scope:
            self.scopes.pop()
        return st

    def sub_statement(self, i, limit, parent):
        """A statement that is the body of a control statement; it gets
        its own scope (C99 6.8.4p3, 6.8.5p5)."""
        self.scopes.append({})
        try:
            s = self.statement(i, limit)
        finally:
            self.scopes.pop()
        s.parent = parent
        return s

    def statement(self, i, limit):
        toks = self.toks
        t = toks[i]
        if t.kind == EOF or i >= limit:
            self.fail(i, "expected a statement")
        if t.kind == PP:
            name = directive_name(t)
            if name in COND_OPEN + COND_MIDDLE + COND_CLOSE:
                self.fail(i, "preprocessor conditional inside a statement; "
                          "ciogen needs #if ... #endif around complete "
                          "statements inside an async function")
            # a directive where a statement is expected: skip it
            s = self.statement(i + 1, limit)
            s.first = i
            return s
        if t.kind == PUNCT:
            if t.value == "{":
                return self.compound(i)
            if t.value == ";":
                s = Stmt("empty", i, i)
                s.pp_depth = self.pp_depth
                return s
        s = None
        if t.kind == IDENT:
            v = t.value
            if v in _STMT_KEYWORDS:
                s = getattr(self, "stmt_" + v)(i, limit)
            elif v == "async" and toks[i + 1].is_ident("for"):
                s = self.stmt_async_for(i, limit)
            elif toks[i + 1].is_op(":") and v not in KEYWORDS:
                colon = i + 1
                s = Stmt("label", i)
                s.name_tok = t
                s.colon = colon
                if toks[colon + 1].is_op("}"):
                    self.fail(colon + 1, "label at end of compound statement")
                s.stmt = self.statement(colon + 1, limit)
                s.stmt.parent = s
                s.last = s.stmt.last
            elif v in ("asm", "__asm__", "__asm", "_Static_assert",
                       "static_assert", "__attribute__", "__attribute"):
                end = self.dp.skip_to(i, limit, (";",))
                self.expect(end, ";")
                s = Stmt("other", i, end)
            elif self.looks_like_declaration(i):
                s = self.declaration(i, limit)
        if s is None:
            end = self.dp.skip_to(i, limit, (";",))
            self.expect(end, ";", "after expression")
            s = Stmt("expr", i, end)
            s.expr = (i, end)
        s.pp_depth = self.pp_depth
        return s

    def looks_like_declaration(self, i):
        toks = self.toks
        t = toks[i]
        v = t.value
        if v in DECL_START_WORDS or v in ASYNC_WORDS:
            return True
        if v in KEYWORDS:
            return False
        if self.is_var(v):
            return False
        nxt = toks[i + 1]
        if self.is_type_name(v):
            return not (nxt.kind == PUNCT and nxt.value in (
                "=", ".", "->", "[", "++", "--", "+=", "-=", ";", ",", ")",
                "?", "==", "!="))
        # `foo_t x`, `struct_name *p = ...` with an unknown type name
        if nxt.kind == IDENT and nxt.value not in KEYWORDS:
            return True
        if nxt.is_op("*"):
            j = i + 1
            while toks[j].is_op("*") or (toks[j].kind == IDENT and
                                         toks[j].value in ("const",
                                                           "volatile",
                                                           "restrict")):
                j += 1
            if toks[j].kind == IDENT and toks[j].value not in KEYWORDS:
                after = toks[j + 1]
                return after.kind == PUNCT and after.value in (
                    ";", "=", ",", "[")
        return False

    def declaration(self, i, limit):
        dp = self.dp
        sp = dp.specs(i, limit)
        end = dp.skip_to(sp.end, limit, (";",))
        self.expect(end, ";", "after declaration")
        s = Stmt("decl", i, end)
        s.specs = sp
        decls, stop = dp.init_declarators(sp.end, end)
        if stop != end and decls:
            self.fail(stop, "unexpected '%s' in declaration"
                      % self.toks[stop].value)
        what = "type" if sp.storage == "typedef" else "var"
        for d in decls:
            if d.name_tok is not None:
                self.declare(d.name_tok.value, what)
        s.decls = decls
        return s

    def paren_cond(self, i, what):
        self.expect(i, "(", "after '%s'" % what)
        rp = self.close_of(i)
        if rp == i + 1:
            self.fail(rp, "expected an expression in '%s' condition" % what)
        return (i, rp)

    def stmt_if(self, i, limit):
        s = Stmt("if", i)
        s.cond = self.paren_cond(i + 1, "if")
        s.then = self.sub_statement(s.cond[1] + 1, limit, s)
        s.last = s.then.last
        nxt = s.last + 1
        if self.toks[nxt].is_ident("else"):
            s.else_tok = nxt
            s.else_ = self.sub_statement(nxt + 1, limit, s)
            s.last = s.else_.last
        return s

    def stmt_else(self, i, limit):
        self.fail(i, "'else' without a previous 'if'")

    def stmt_while(self, i, limit):
        return self._cond_and_body("while", i, limit)

    def _cond_and_body(self, kind, i, limit):
        """`while (cond) body` or `switch (cond) body`."""
        s = Stmt(kind, i)
        s.cond = self.paren_cond(i + 1, kind)
        s.body = self.sub_statement(s.cond[1] + 1, limit, s)
        s.last = s.body.last
        return s

    def stmt_do(self, i, limit):
        s = Stmt("do", i)
        s.body = self.sub_statement(i + 1, limit, s)
        w = s.body.last + 1
        if not self.toks[w].is_ident("while"):
            self.fail(w, "expected 'while' after the body of 'do'")
        s.while_tok = w
        s.cond = self.paren_cond(w + 1, "while")
        semi = s.cond[1] + 1
        self.expect(semi, ";", "after do-while statement")
        s.last = semi
        return s

    def stmt_for(self, i, limit):
        s = Stmt("for", i)
        lp = i + 1
        self.expect(lp, "(", "after 'for'")
        rp = self.close_of(lp)
        s.cond = (lp, rp)
        self.scopes.append({})
        try:
            j = lp + 1
            if self.toks[j].is_op(";"):
                semi1 = j
            elif self.looks_like_declaration(j):
                d = self.declaration(j, rp)
                d.parent = s
                s.init = d
                semi1 = d.last
            else:
                semi1 = self.dp.skip_to(j, rp, (";",))
                self.expect(semi1, ";", "in 'for'")
                s.init = (j, semi1)
            semi2 = self.dp.skip_to(semi1 + 1, rp, (";",))
            self.expect(semi2, ";", "in 'for'")
            s.test = (semi1 + 1, semi2) if semi2 > semi1 + 1 else None
            s.step = (semi2 + 1, rp) if rp > semi2 + 1 else None
            s.semis = (semi1, semi2)
            s.body = self.sub_statement(rp + 1, limit, s)
        finally:
            self.scopes.pop()
        s.last = s.body.last
        return s

    def stmt_async_for(self, i, limit):
        """`async for (int v : gen(args)) body`, optionally with a status
        variable: `async for (int v : gen(args); rc) body`."""
        toks = self.toks
        s = Stmt("asyncfor", i)
        lp = i + 2
        self.expect(lp, "(", "after 'async for'")
        rp = self.close_of(lp)
        s.cond = (lp, rp)
        usage = ("; write 'async for (int v : gen(args)) ...' or, with a "
                 "status variable, 'async for (int v : gen(args); rc) ...'")
        colon = self.dp.skip_to(lp + 1, rp, (":", ";"))
        if colon == rp or not toks[colon].is_op(":"):
            self.fail(colon, "expected ':' in 'async for'" + usage)
        if colon == lp + 1:
            self.fail(colon, "expected the loop variable before ':' in "
                      "'async for'" + usage)
        s.colon = colon
        self.scopes.append({})
        try:
            self._async_for_variable(s, lp + 1, colon)
            name = colon + 1
            end = self.dp.skip_to(name, rp, (";",))
            t = toks[name]
            if t.kind != IDENT or t.value in KEYWORDS or \
                    not toks[name + 1].is_op("(") or \
                    self.close_of(name + 1) != end - 1:
                self.fail(name, "expected a call of an async generator "
                          "after ':' in 'async for'" + usage)
            s.call = (name, name + 1, end - 1)
            j = name + 2
            while j < end - 1:
                k = self.dp.skip_to(j, end - 1, (",",))
                if k == j:
                    self.fail(j, "expected an argument")
                s.args.append((j, k))
                j = k + 1
            if end < rp:
                if end + 1 == rp:
                    self.fail(rp, "expected a status variable after ';' in "
                              "'async for'" + usage)
                if self.dp.skip_to(end + 1, rp, (";",)) != rp:
                    self.fail(self.dp.skip_to(end + 1, rp, (";",)),
                              "expected ')' after the status variable of "
                              "'async for'")
                s.status = (end + 1, rp)
            s.body = self.sub_statement(rp + 1, limit, s)
        finally:
            self.scopes.pop()
        s.last = s.body.last
        return s

    def _async_for_variable(self, s, start, colon):
        toks = self.toks
        if colon == start + 1 and toks[start].kind == IDENT and \
                toks[start].value not in KEYWORDS and \
                not self.is_type_name(toks[start].value):
            s.target = start  # an existing variable
            return
        dp = self.dp
        sp = dp.specs(start, colon)
        if not sp.has_type:
            self.fail(start, "expected the declaration of the loop variable "
                      "before ':' in 'async for', e.g. 'int v'")
        if sp.storage is not None:
            self.fail(sp.storage_tok.index, "the loop variable of 'async "
                      "for' cannot be '%s'" % sp.storage)
        d, k = dp.declarator(sp.end, colon)
        if d is None:
            self.fail(sp.end, "expected the name of the loop variable")
        if k < colon and toks[k].is_op("="):
            self.fail(k, "the loop variable of 'async for' takes no "
                      "initializer: the generator gives its values")
        if k != colon:
            self.fail(k, "expected ':' after the loop variable of 'async "
                      "for'")
        decl = Stmt("decl", start, colon)
        decl.specs = sp
        decl.decls = [d]
        decl.parent = s
        decl.pp_depth = self.pp_depth
        s.var_decl = decl
        self.declare(d.name_tok.value, "var")

    def stmt_switch(self, i, limit):
        return self._cond_and_body("switch", i, limit)

    def stmt_case(self, i, limit):
        s = Stmt("case", i)
        j = i + 1
        depth = 0
        while j < limit:
            t = self.toks[j]
            if t.kind == PUNCT:
                if t.value in ("(", "[", "{"):
                    j = self.close_of(j) + 1
                    continue
                if t.value == "?":
                    depth += 1
                elif t.value == ":":
                    if depth == 0:
                        break
                    depth -= 1
                elif t.value == ";":
                    break
            j += 1
        self.expect(j, ":", "after 'case' expression")
        if j == i + 1:
            self.fail(j, "expected an expression after 'case'")
        s.expr = (i + 1, j)
        s.colon = j
        self._labeled(s, j + 1, limit)
        return s

    def stmt_default(self, i, limit):
        s = Stmt("default", i)
        self.expect(i + 1, ":", "after 'default'")
        s.colon = i + 1
        self._labeled(s, i + 2, limit)
        return s

    def _labeled(self, s, i, limit):
        if self.toks[i].is_op("}"):
            # `case 3: }` is a C error before C23; let the compiler say so
            # but keep going: the label has no statement.
            s.stmt = None
            s.last = i - 1
            return
        s.stmt = self.statement(i, limit)
        s.stmt.parent = s
        s.last = s.stmt.last

    def stmt_return(self, i, limit):
        s = Stmt("return", i)
        end = self.dp.skip_to(i + 1, limit, (";",))
        self.expect(end, ";", "after return statement")
        s.expr = (i + 1, end) if end > i + 1 else None
        s.last = end
        return s

    def stmt_break(self, i, limit):
        s = Stmt("break", i, self.expect(i + 1, ";", "after 'break'"))
        return s

    def stmt_continue(self, i, limit):
        s = Stmt("continue", i, self.expect(i + 1, ";", "after 'continue'"))
        return s

    def stmt_goto(self, i, limit):
        t = self.toks[i + 1]
        if t.kind != IDENT:
            if t.is_op("*"):
                self.fail(i + 1, "computed goto is not supported in an async "
                          "function")
            self.fail(i + 1, "expected a label after 'goto'")
        s = Stmt("goto", i, self.expect(i + 2, ";", "after goto statement"))
        s.label_tok = t
        return s


def walk(stmt):
    """Every statement of a tree, parents before children."""
    yield stmt
    for c in stmt.children():
        yield from walk(c)


def location(tok):
    return Location(tok.src, tok.start, tok.end - tok.start)
