"""Shared helpers of the unit tests: run passes on strings."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, os.pardir))
sys.path.insert(0, os.path.join(ROOT, "gen"))

from ciogen.diag import Diagnostics, SourceFile  # noqa: E402
from ciogen.driver import Options, generate  # noqa: E402
from ciogen.lexer import tokenize  # noqa: E402
from ciogen.parser import match_brackets  # noqa: E402

INCLUDE = os.path.join(ROOT, "include")


def toks_of(text, name="t.ac", lenient=False):
    return tokenize(SourceFile(name, text), lenient=lenient)


def gen(text, name="t.ac", **opts):
    """Run the whole generator on one input; returns the Result."""
    opts.setdefault("outdir", "/nonexistent-out")
    return generate([(name, text)], Options(**opts))


def gen_files(files, **opts):
    opts.setdefault("outdir", "/nonexistent-out")
    return generate(list(files), Options(**opts))


def output(res, name):
    return dict(res.outputs)[name]


def analysed(text, name="t.ac"):
    """The Program after analysis (no emission)."""
    from ciogen.headers import HeaderScanner
    from ciogen.program import Program
    diags = Diagnostics()
    prog = Program([(name, text)], Options(), diags)
    prog.load()
    prog.build_tables(HeaderScanner([], INCLUDE, [], []))
    prog.analyse()
    prog.link()
    return prog, diags


def func(prog, name):
    for inp in prog.inputs:
        for f in inp.functions:
            if f.name == name and f.is_def:
                return f
    raise KeyError(name)


def hoisted(prog, fname):
    """Names of the locals of fname that live in the frame."""
    f = func(prog, fname)
    return sorted(v.name for v in f.analysis.vars
                  if v.kind == "local" and v.hoisted)
