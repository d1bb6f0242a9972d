"""Emission: C text from the Jinja2 templates in gen/templates/.

Python decides *what* to emit and hands the templates plain data; every
piece of C syntax the generator itself writes lives in a template - the
small in-line pieces too (`fragments.c.j2`, called as macros from Python).

Line origins. Each line the templates write may start with an origin
mark: `\\0<n>\\0` says "this line is line n of the input", `\\0g\\0` says
"this line is the generator's own". A final pass (`place_line_directives`)
turns the marks into `#line` directives, only where the numbering the
compiler would assume is wrong - or drops them all under --no-line.
"""

import os
import re

import jinja2

from ciogen import ABI_VERSION, __version__
from ciogen.lower import materialize, GNode

TEMPLATE_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..",
                                             "templates"))

_MARK = re.compile(r"\x00(g|\d+)\x00")
_PLACEHOLDER = re.compile(r"\x02(\d+)\x03")


def make_env(template_dir=TEMPLATE_DIR):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False)
    env.globals["at"] = lambda line: "\x00%d\x00" % line if line else \
        "\x00g\x00"
    env.globals["gen"] = lambda: "\x00g\x00"
    env.globals["version"] = __version__
    env.globals["abi"] = ABI_VERSION
    env.filters["cstring"] = c_string
    env.filters["comment"] = comment_text
    env.filters["outdent"] = outdent
    return env


def outdent(indent):
    """One level less of indentation (where a label goes)."""
    if indent.endswith("    "):
        return indent[:-4]
    if indent.endswith("\t"):
        return indent[:-1]
    return indent


def comment_text(text):
    """Text that can sit inside a C comment."""
    return str(text).replace("*/", "* /").replace("/*", "/ *")


def c_string(text):
    """A C string literal for text (file names in descriptors)."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 32:
            out.append("\\%03o" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Fragments:
    """The in-line C pieces of fragments.c.j2, as functions over
    fragments (lists of strings and field references)."""

    def __init__(self, env):
        self._mod = env.get_template("fragments.c.j2").module

    def _apply(self, name, *args):
        frags = []
        call_args = []
        for a in args:
            if isinstance(a, list) and not a:
                call_args.append("")  # an empty fragment
            elif isinstance(a, list) and isinstance(a[0], list):
                # a list of fragments
                marks = []
                for f in a:
                    marks.append("\x02%d\x03" % len(frags))
                    frags.append(f)
                call_args.append(marks)
            elif isinstance(a, list):
                call_args.append("\x02%d\x03" % len(frags))
                frags.append(a)
            else:
                call_args.append(a)
        text = str(getattr(self._mod, name)(*call_args))
        out = []
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            if m.start() > pos:
                out.append(text[pos:m.start()])
            out.extend(frags[int(m.group(1))])
            pos = m.end()
        if pos < len(text):
            out.append(text[pos:])
        return out

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self._apply(name, *args)


# ---- The body of a resume function -----------------------------------------

class _Lines:
    """Accumulates user text as lines, each with the input line it starts
    on."""

    def __init__(self, src):
        self.src = src
        self.lines = []  # [line, text]
        self.cur = None

    def raw(self, offset, text):
        parts = text.split("\n")
        pos = offset
        for i, part in enumerate(parts):
            if i > 0:
                self.end_line()
                pos += 1
            if self.cur is None:
                self.cur = [self.src.line_of(pos), ""]
            self.cur[1] += part
            pos += len(part)

    def put(self, text, offset):
        if self.cur is None:
            self.cur = [self.src.line_of(offset), ""]
        self.cur[1] += text

    def end_line(self):
        if self.cur is None:
            self.cur = [0, ""]
        self.lines.append(self.cur)
        self.cur = None

    def partial(self):
        return self.cur[1] if self.cur is not None else ""

    def take(self):
        """Finish: returns the complete lines; a partial line that is only
        whitespace is dropped."""
        if self.cur is not None and self.cur[1].strip():
            self.lines.append(self.cur)
        self.cur = None
        lines, self.lines = self.lines, []
        return lines


def _indent_of(text):
    return text[: len(text) - len(text.lstrip(" \t"))]


class BodyBuilder:
    """Copies an async body with its edits applied. Produces segments:
    ('src', [[line, text], ...]) and ('gen', nodes, indent)."""

    STEP = "    "

    def __init__(self, low, model):
        self.low = low
        self.model = model  # NodeModel: turns GNodes into template data
        self.toks = low.toks
        self.src = low.inp.src
        self.segments = []
        self.lines = _Lines(self.src)
        # indentation for user text that resumes in the middle of a line
        # after generated lines
        self.resume_indent = None

    # -- text --------------------------------------------------------------------

    def raw(self, offset, text):
        if not text:
            return
        if self.lines.cur is None and self.resume_indent is not None:
            stripped = text.lstrip(" \t")
            offset += len(text) - len(stripped)
            text = stripped
            if not text:
                return
            if not text.startswith("\n"):
                self.lines.put(self.resume_indent, offset)
        self.resume_indent = None
        self.lines.raw(offset, text)

    def put(self, text, offset):
        if self.lines.cur is None and self.resume_indent is not None:
            self.lines.put(self.resume_indent, offset)
        self.resume_indent = None
        self.lines.put(text, offset)

    def line_indent(self, tok_index):
        return self.src.indent_of_line(self.toks[tok_index].line)

    # -- the walk ----------------------------------------------------------------------

    def build(self):
        low = self.low
        toks = self.toks
        body = low.func.body
        text = self.src.text
        keyed = []
        for order, e in enumerate(low.line_edits):
            # at one token: insertions after the previous token first
            # (innermost statement first), then the rest in creation order
            keyed.append(((e.first, 0 if e.after else 1,
                           -order if e.after else order), e))
        keyed.sort(key=lambda x: x[0])
        by_first = {}
        for key, e in keyed:
            by_first.setdefault(key[0], []).append(e)
        k = body.first + 1
        end = body.last
        prev_end = toks[body.first].end
        skip_ws = True  # the rest of the opening brace's line
        eat_ws = False
        while k <= end:
            pending = by_first.pop(k, [])
            afters = [e for e in pending if e.after]
            befores = [e for e in pending if not e.after]
            for e in afters:
                self.flush_line()
                self.gen(e, None)
                skip_ws = True
            tok = toks[k]
            trivia = text[prev_end:tok.start]
            if befores:
                replace = next((e for e in befores if e.last >= e.first),
                               None)
                inserts = [e for e in befores if e.last < e.first]
                indent = self.trivia_to_line(prev_end, trivia, skip_ws)
                skip_ws = False
                for e in inserts:
                    self.gen(e, indent)
                if replace is not None:
                    self.gen(replace, indent)
                    # edits inside the replaced range are void
                    for j in range(replace.first + 1, replace.last + 1):
                        by_first.pop(j, None)
                    prev_end = toks[replace.last].end
                    k = replace.last + 1
                    skip_ws = True
                    continue
                # the token itself starts a line again
                if self.lines.cur is None and self.resume_indent is None:
                    self.resume_indent = indent
                trivia = ""
            inl = low.inline.get(k) if k != end else None
            if (eat_ws or (inl is not None and not inl[1])) and \
                    "\n" not in trivia:
                trivia = ""  # `return x` -> `CIO_RETURN(co, f->ret = (x`
            eat_ws = False
            self.trivia(prev_end if trivia else tok.start, trivia, skip_ws)
            skip_ws = False
            if k == end:
                break  # the closing brace of the body is not copied
            if inl is not None:
                last, frag = inl[0], inl[1]
                eat_ws = len(inl) > 2 and inl[2]
                self.put(materialize(frag, low.fp), tok.start)
                prev_end = toks[last].end
                k = last + 1
                continue
            self.raw(tok.start, text[tok.start:tok.end])
            prev_end = tok.end
            k += 1
        self.flush_line()
        self._end_src()
        return self.segments

    # -- trivia ------------------------------------------------------------------

    def trivia(self, offset, trivia, skip_ws):
        """Copy the text between two tokens. With skip_ws, what is left of
        a line after a replaced statement is dropped when it is blank, or
        kept (a trailing comment) on a line of its own."""
        if not trivia:
            return
        if skip_ws:
            nl = trivia.find("\n")
            head = trivia if nl < 0 else trivia[:nl]
            if not head.strip():
                if nl < 0:
                    return
                offset += nl + 1
                trivia = trivia[nl + 1:]
                self.resume_indent = None
        self.raw(offset, trivia)

    def trivia_to_line(self, offset, trivia, skip_ws):
        """Copy trivia up to its last newline; return the indentation of
        the line where the next token starts."""
        nl = trivia.rfind("\n")
        if nl < 0:
            self.trivia(offset, trivia, skip_ws)
            partial = self.lines.partial()
            if partial.strip():
                return _indent_of(partial)
            return self.resume_indent or _indent_of(partial)
        self.trivia(offset, trivia[:nl + 1], skip_ws)
        return trivia[nl + 1:]

    def flush_line(self):
        if self.lines.cur is not None:
            if self.lines.cur[1].strip():
                self.lines.end_line()
            else:
                self.lines.cur = None

    def _end_src(self):
        lines = self.lines.take()
        for line in lines:
            line[1] = line[1].rstrip()
        if lines:
            self.segments.append(("src", lines))

    def _previous_line(self):
        for line in reversed(self.lines.lines):
            if line[1].strip():
                return line
        if self.lines.lines:
            return None
        if self.segments and self.segments[-1][0] == "src":
            for line in reversed(self.segments[-1][1]):
                if line[1].strip():
                    return line
        return None

    # -- generated nodes -------------------------------------------------------------

    def gen(self, edit, indent):
        nodes = list(edit.nodes)
        if edit.anchor is not None:
            base = self.line_indent(edit.anchor)
        elif indent is not None:
            base = indent
        else:
            base = self.STEP
        if edit.wrap:
            partial = self.lines.partial()
            if partial.strip():
                self.lines.cur[1] = partial.rstrip() + " {"
                base = _indent_of(partial)
                self.flush_line()
            else:
                self.lines.cur = None
                prev = self._previous_line()
                if prev is not None:
                    prev[1] = prev[1].rstrip() + " {"
                    base = _indent_of(prev[1])
                else:
                    nodes = [GNode("open")] + nodes
            nodes = [n for n in nodes]
            for n in nodes:
                if n.kind != "open":
                    n.depth = getattr(n, "depth", 0) + 1
            if edit.last >= edit.first:
                nodes.append(GNode("close"))
        else:
            self.flush_line()
        self._end_src()
        self.segments.append(("gen", self.model.nodes(nodes, self.low),
                              base))
        # what follows on the same source line (the `if` of a wrapped
        # `else if`) goes inside the new braces
        self.resume_indent = base + (self.STEP if edit.wrap and
                                     edit.last < edit.first else "")


class NodeModel:
    """Turns generated nodes into template data (strings, lines)."""

    def __init__(self, func_model):
        self.fm = func_model

    def nodes(self, nodes, low, in_block=False):
        """`in_block`: the nodes are all of a compound statement (the
        body of a generated `if`), so the last one ends it."""
        out = []
        for i, n in enumerate(nodes):
            d = self.node(n, low)
            d["depth"] = getattr(n, "depth", 0)
            d["last"] = in_block and i == len(nodes) - 1
            out.append(d)
        return out

    def node(self, n, low):
        fp = low.fp
        m = {"kind": n.kind, "line": n.line,
             "note": getattr(n, "note", None)}
        if n.kind == "await":
            p = n.point
            m.update(
                number=p.number, text=p.text, callee=p.callee.name,
                slot="%s->%s" % (fp, p.slot.path), boxed=p.boxed,
                args=[materialize(a, fp) for a in n.args],
                save=materialize(n.save, fp) if n.save else None,
                result_type=None)
        elif n.kind == "assign":
            m.update(target=materialize(n.target, fp),
                     value=materialize(n.value, fp))
        elif n.kind in ("stmt",):
            m.update(expr=materialize(n.expr, fp))
        elif n.kind == "decl":
            m.update(text=materialize(n.text, fp))
        elif n.kind == "if":
            m.update(cond=materialize(n.cond, fp),
                     body=self.nodes(n.body, low, True),
                     orelse=self.nodes(n.orelse, low, True))
        elif n.kind == "return":
            m.update(value=materialize(n.value, fp) if n.value else None)
        elif n.kind == "break_unless":
            m.update(value=materialize(n.value, fp))
        elif n.kind == "break_if":
            m.update(cond=materialize(n.cond, fp))
        elif n.kind == "goto":
            m.update(label=n.label)
        elif n.kind == "yield":
            p = n.point
            elem = low.func.ret.without_top_const()
            m.update(number=p.number, text=p.text,
                     value=materialize(n.value, fp),
                     ptr_type=elem.pointer_abstract())
        elif n.kind == "label":
            m.update(name=n.name)
        return m


# ---- #line placement -----------------------------------------------------------------

def place_line_directives(text, input_name, output_name, enabled=True):
    """Turn origin marks into `#line` directives (or drop them)."""
    out = []
    mapping = None  # None: own numbering; else next expected input line
    in_own = True
    for raw in text.split("\n"):
        m = _MARK.match(raw)
        origin = None
        if m is not None:
            origin = m.group(1)
            raw = raw[m.end():]
            # a mark may be repeated at the start of a line (nested macros)
            while True:
                m2 = _MARK.match(raw)
                if m2 is None:
                    break
                origin = m2.group(1)
                raw = raw[m2.end():]
        if enabled and origin is not None and not raw.strip():
            # a blank line never needs a directive of its own
            origin = None
        if enabled and origin is not None:
            if origin == "g":
                if not in_own:
                    out.append('#line %d "%s"' % (len(out) + 2, output_name))
                    in_own = True
                    mapping = None
            else:
                n = int(origin)
                if in_own or mapping != n:
                    out.append('#line %d "%s"' % (n, input_name))
                    in_own = False
                mapping = n
        out.append(raw)
        if not in_own and mapping is not None:
            mapping += 1
    return "\n".join(out)
