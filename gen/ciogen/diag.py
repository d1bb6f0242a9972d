"""Source files and compiler-style diagnostics.

A diagnostic reads like gcc's:

    app.ac:12:17: error: 'await' outside an async function
       12 |     int x = await fetch(3);
          |             ^~~~~

followed by its notes in the same form. Warnings carry their option name
(`[-Wreturn-type]`). User mistakes are reported this way and never as a
Python traceback; `UserError` unwinds a pass that cannot continue after
one (the diagnostic is already recorded).
"""

import bisect


class SourceFile:
    """The text of one input file or header and where its lines start.

    `display` is the path as the user gave it (relative); it is what
    diagnostics, `#line` directives and descriptors show."""

    def __init__(self, display, text):
        # Universal newlines: generated output does not depend on how the
        # input ends its lines.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.display = display
        self.text = text
        self._line_starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self._line_starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line_col(self, offset):
        """1-based line and column of a raw offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def line_of(self, offset):
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, line):
        return self._line_starts[line - 1]

    def line_text(self, line):
        """The text of a 1-based line, without its newline."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def indent_of_line(self, line):
        text = self.line_text(line)
        return text[: len(text) - len(text.lstrip(" \t"))]

    @property
    def nlines(self):
        return len(self._line_starts)


class Location:
    """A place in a source file: an offset and how many characters the
    caret line should underline."""

    __slots__ = ("src", "offset", "length")

    def __init__(self, src, offset, length=1):
        self.src = src
        self.offset = offset
        self.length = max(1, length)

    @property
    def line(self):
        return self.src.line_of(self.offset)


class Diagnostic:
    __slots__ = ("severity", "loc", "message", "option", "notes")

    def __init__(self, severity, loc, message, option=None):
        self.severity = severity
        self.loc = loc
        self.message = message
        self.option = option
        self.notes = []

    def note(self, loc, message):
        """Attach a note (a location, or None for a note without one).
        Returns self so calls chain."""
        self.notes.append(Diagnostic("note", loc, message))
        return self

    def sort_key(self, file_order):
        if self.loc is None:
            return (len(file_order), 0, 0)
        return (file_order.get(self.loc.src.display, len(file_order)),
                self.loc.offset, 0)


class UserError(Exception):
    """Raised to abandon the current unit of work after an error has been
    reported to the diagnostics; never escapes to the user."""


class Diagnostics:
    """Collects the diagnostics of one invocation."""

    def __init__(self, werror=False, disabled=()):
        self.items = []
        self.werror = werror
        self.disabled = set(disabled)
        self._seen = set()

    def error(self, loc, message):
        return self._add(Diagnostic("error", loc, message))

    def warning(self, loc, message, option):
        if option in self.disabled:
            # A detached diagnostic: callers may still attach notes.
            return Diagnostic("warning", loc, message, option)
        severity = "error" if self.werror else "warning"
        return self._add(Diagnostic(severity, loc, message, option))

    def fatal(self, loc, message):
        """Report an error and raise UserError."""
        diag = self.error(loc, message)
        raise UserError(diag)

    def _add(self, diag):
        key = (diag.severity, diag.message,
               None if diag.loc is None else (diag.loc.src.display,
                                              diag.loc.offset))
        if key in self._seen:
            # The same complaint at the same place (e.g. found by two
            # passes): say it once. Still return an object for notes.
            return Diagnostic(diag.severity, diag.loc, diag.message,
                              diag.option)
        self._seen.add(key)
        self.items.append(diag)
        return diag

    @property
    def error_count(self):
        return sum(1 for d in self.items if d.severity == "error")

    def render(self, file_order=None):
        """All diagnostics as text, sorted by file (in command-line order)
        and position; each is followed by its notes."""
        order = file_order or {}
        items = sorted(self.items, key=lambda d: d.sort_key(order))
        out = []
        for diag in items:
            out.append(format_diagnostic(diag))
            for note in diag.notes:
                out.append(format_diagnostic(note))
        return "".join(out)


def format_diagnostic(diag):
    """One diagnostic as gcc prints it: the message line, then the source
    line with a gutter, then the caret line.

    A message of several lines is a suggestion: its first line is the
    message, the others are C lines shown indented instead of the source
    line (e.g. the rewrite ciogen proposes)."""
    first, _, rest = diag.message.partition("\n")
    suffix = " [%s]" % diag.option if diag.option else ""
    if diag.loc is None:
        text = "ciogen: %s: %s%s\n" % (diag.severity, first, suffix)
    else:
        src = diag.loc.src
        line, col = src.line_col(diag.loc.offset)
        text = "%s:%d:%d: %s: %s%s\n" % (src.display, line, col,
                                         diag.severity, first, suffix)
        if not rest:
            source_line = src.line_text(line)
            gutter = "%5d" % line
            blank = " " * len(gutter)
            # Keep tabs so the caret lines up under the same characters.
            lead = "".join(c if c == "\t" else " "
                           for c in source_line[: col - 1])
            span = min(diag.loc.length,
                       max(1, len(source_line) - (col - 1)))
            caret = lead + "^" + "~" * (span - 1)
            text += "%s | %s\n%s | %s\n" % (gutter, source_line, blank,
                                             caret)
    for extra in rest.split("\n") if rest else ():
        text += ("      | " + extra).rstrip() + "\n"
    return text
