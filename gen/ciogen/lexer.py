"""A C tokenizer.

It follows translation phases 1-3 closely enough to find every `async` and
`await` that a C compiler would see, and nothing else: line continuations
(backslash-newline, even inside a token) are spliced, comments become
trivia, string and character literals (with their u8/u/U/L prefixes) are
single tokens, and a preprocessor directive is one `pp` token that spans
its logical line (continuations and multi-line comments included).

Every token keeps its raw span in the file, so the generator can copy user
code verbatim - comments, spacing and all - and point diagnostics at it.
The text between two tokens (whitespace, newlines, comments) is their
*trivia*; it is recovered from the spans.
"""

import bisect
import re

from ciogen.diag import Location

IDENT, NUMBER, STRING, CHAR, PUNCT, PP, EOF = (
    "ident", "number", "string", "char", "punct", "pp", "eof")

_DIGRAPHS = {"<:": "[", ":>": "]", "<%": "{", "%>": "}", "%:": "#",
             "%:%:": "##"}

_TOKEN_RE = re.compile(r"""
  (?P<ws>[ \t\f\v]+)
| (?P<nl>\n)
| (?P<bc>/\*)
| (?P<lc>//[^\n]*)
| (?P<str>(?:u8|u|U|L)?")
| (?P<chr>(?:u|U|L)?')
| (?P<id>[A-Za-z_$\u0080-\U0010ffff][A-Za-z0-9_$\u0080-\U0010ffff]*)
| (?P<num>\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*)
| (?P<punct>%:%:|\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||\*=
    |/=|%=|\+=|-=|&=|\^=|\|=|\#\#|<:|:>|<%|%>|%:|[][(){}.&*+\-~!/%<>^|?:;=,\#])
| (?P<bad>.)
""", re.X)

_STRING_BODY = re.compile(r'(?:[^"\\\n]|\\.)*"', re.S)
_CHAR_BODY = re.compile(r"(?:[^'\\\n]|\\.)*'", re.S)
_COMMENT_END = re.compile(r"\*/")
# Inside a directive: the next thing that matters for finding its end.
_PP_SCAN = re.compile(r'"|\'|/\*|//|\n')


class Token:
    """One token. `value` is its text with line continuations removed;
    `start`/`end` its raw span; `line`/`col` where it starts (1-based)."""

    __slots__ = ("kind", "value", "start", "end", "line", "col", "index",
                 "src")

    def __init__(self, kind, value, start, end, line, col, src):
        self.kind = kind
        self.value = value
        self.start = start
        self.end = end
        self.line = line
        self.col = col
        self.src = src
        self.index = -1

    def is_op(self, value):
        return self.kind == PUNCT and self.value == value

    def is_ident(self, value=None):
        return self.kind == IDENT and (value is None or self.value == value)

    @property
    def text(self):
        """The raw text (as written, continuations included)."""
        return self.src.text[self.start:self.end]

    @property
    def loc(self):
        return Location(self.src, self.start, self.end - self.start)

    def __repr__(self):
        return "Token(%s %r @%d:%d)" % (self.kind, self.value, self.line,
                                        self.col)


class _Splicer:
    """Removes backslash-newline pairs and maps offsets back to the raw
    text."""

    def __init__(self, raw):
        parts = raw.split("\\\n")
        self.text = "".join(parts)
        # Spliced offsets at which a continuation was removed.
        self.points = []
        pos = 0
        for part in parts[:-1]:
            pos += len(part)
            self.points.append(pos)

    def raw(self, offset):
        """Raw offset of the character at spliced `offset`."""
        return offset + 2 * bisect.bisect_right(self.points, offset)

    def raw_end(self, offset):
        """Raw offset just after the character before spliced `offset`."""
        if offset == 0:
            return 0
        return self.raw(offset - 1) + 1


class LexError(Exception):
    def __init__(self, loc, message):
        super().__init__(message)
        self.loc = loc
        self.message = message


def tokenize(src, lenient=False):
    """Tokenize a SourceFile. Returns the token list, ending with an EOF
    token. Raises LexError for an unterminated comment, string or
    character literal or a stray character - unless `lenient` (used for
    headers, which are only scanned), in which case such text is skipped."""
    sp = _Splicer(src.text)
    text = sp.text
    n = len(text)
    tokens = []
    pos = 0
    line_start = True  # only whitespace/comments so far on this line

    def make(kind, value, s, e):
        rs, re_ = sp.raw(s), sp.raw_end(e)
        line, col = src.line_col(rs)
        tok = Token(kind, value, rs, re_, line, col, src)
        tok.index = len(tokens)
        tokens.append(tok)
        return tok

    def fail(s, e, message):
        rs = sp.raw(s)
        raise LexError(Location(src, rs, max(1, sp.raw_end(e) - rs)),
                       message)

    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        kind = m.lastgroup
        end = m.end()
        if kind == "ws":
            pos = end
            continue
        if kind == "nl":
            line_start = True
            pos = end
            continue
        if kind == "bc":
            c = _COMMENT_END.search(text, end)
            if c is None:
                if lenient:
                    break
                fail(pos, end, "unterminated comment")
            pos = c.end()
            continue
        if kind == "lc":
            pos = end
            continue
        if kind == "punct" and line_start and m.group() in ("#", "%:"):
            end = _directive_end(text, end)
            make(PP, text[pos:end], pos, end)
            pos = end
            continue
        line_start = False
        if kind == "str" or kind == "chr":
            body = (_STRING_BODY if kind == "str" else _CHAR_BODY).match(
                text, end)
            if body is None:
                if lenient:
                    pos = end
                    continue
                quote = '"' if kind == "str" else "'"
                fail(pos, end, "missing terminating %s character" % quote)
            if kind == "chr" and body.end() == end + 1:
                if lenient:
                    pos = body.end()
                    continue
                fail(pos, body.end(), "empty character constant")
            make(STRING if kind == "str" else CHAR, text[pos:body.end()],
                 pos, body.end())
            pos = body.end()
            continue
        if kind == "id":
            make(IDENT, m.group(), pos, end)
        elif kind == "num":
            make(NUMBER, m.group(), pos, end)
        elif kind == "punct":
            value = m.group()
            make(PUNCT, _DIGRAPHS.get(value, value), pos, end)
        else:
            if not lenient:
                ch = m.group()
                what = "'\\\\'" if ch == "\\" else repr(ch)
                fail(pos, end, "stray %s in program" % what)
        pos = end
    eof = Token(EOF, "", len(src.text), len(src.text), src.nlines,
                len(src.line_text(src.nlines)) + 1, src)
    eof.index = len(tokens)
    tokens.append(eof)
    return tokens


def _directive_end(text, pos):
    """End (spliced offset) of the directive whose `#` ends at `pos`: the
    first newline outside a comment. Strings and character literals are
    honoured so that `"/*"` does not open a comment; an unterminated one
    ends at the line (compilers accept `#error don't`)."""
    n = len(text)
    while pos < n:
        m = _PP_SCAN.search(text, pos)
        if m is None:
            return n
        what = m.group()
        if what == "\n":
            return m.start()
        if what == "//":
            nl = text.find("\n", m.end())
            return n if nl < 0 else nl
        if what == "/*":
            c = _COMMENT_END.search(text, m.end())
            pos = n if c is None else c.end()
            continue
        body = (_STRING_BODY if what == '"' else _CHAR_BODY).match(
            text, m.end())
        pos = body.end() if body else m.end()
    return n


# ---- Helpers over token lists -------------------------------------------

_PP_NAME = re.compile(r"\s*(?:#|%:)\s*([A-Za-z_]\w*)?")
_INCLUDE = re.compile(r'\s*(?:#|%:)\s*include(?:_next)?\s*(?:"([^"\n]*)"|<([^>\n]*)>)')


def directive_name(tok):
    """`if`, `ifdef`, `include`, `define`, ... of a pp token ('' for the
    null directive)."""
    m = _PP_NAME.match(tok.value)
    return (m.group(1) or "") if m else ""


def include_target(tok):
    """(name, quoted) of an #include directive, or None (computed
    includes, malformed lines)."""
    m = _INCLUDE.match(tok.value)
    if m is None:
        return None
    if m.group(1) is not None:
        return m.group(1), True
    return m.group(2), False


def define_name(tok):
    """The macro name of a #define, or None."""
    m = re.match(r"\s*(?:#|%:)\s*define\s+([A-Za-z_]\w*)", tok.value)
    return m.group(1) if m else None


COND_OPEN = ("if", "ifdef", "ifndef")
COND_MIDDLE = ("elif", "else", "elifdef", "elifndef")
COND_CLOSE = ("endif",)
