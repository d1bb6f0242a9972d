"""The command line:

    ciogen [-o OUTDIR] [-I DIR]... [--no-line] [--report] file.ac...

Every input `x.ac` gives `OUTDIR/x.c` and `OUTDIR/x.h`. All inputs of one
invocation are analysed together, so they may await each other's
functions. Exit status: 0 on success (warnings may have been printed), 1
when the inputs have errors (nothing is written), 2 for a bad command line
or an internal error.
"""

import argparse
import os
import sys
import traceback

from ciogen import __version__, ABI_VERSION


def _parser():
    p = argparse.ArgumentParser(
        prog="ciogen",
        description="Generate C state machines from async C (.ac files) "
                    "for the cio runtime.",
        epilog="Each input x.ac gives OUTDIR/x.c and OUTDIR/x.h. Diagnostics "
               "go to stderr as path:line:col: error: message. See "
               "docs/generator.md.")
    p.add_argument("files", nargs="*", metavar="file.ac",
                   help="the inputs, analysed together")
    p.add_argument("-o", dest="outdir", default=".", metavar="OUTDIR",
                   help="where to write the generated files (default: .)")
    p.add_argument("-I", dest="include_dirs", action="append", default=[],
                   metavar="DIR",
                   help="also look for included headers here (for their "
                        "async prototypes)")
    p.add_argument("--runtime-include", metavar="DIR", default=None,
                   help="the runtime's include directory (default: found "
                        "next to the generator)")
    p.add_argument("--no-line", action="store_true",
                   help="do not emit #line directives")
    p.add_argument("--depfile", metavar="FILE", default=None,
                   help="also write a Makefile-style dependency file listing "
                        "the outputs, the inputs and every header read")
    p.add_argument("--depfile-target", metavar="TARGET", default=None,
                   help="the target the dependency file names (default: the "
                        "generated files), e.g. a stamp file of a Makefile")
    p.add_argument("--header-prefix", metavar="PREFIX", default="",
                   help="include the generated header as PREFIX + x.h in x.c "
                        "(e.g. cio/ for a header installed as cio/x.h)")
    p.add_argument("--report", action="store_true",
                   help="print the layout of every frame to stdout")
    p.add_argument("--report-model", choices=("lp64", "ilp32"),
                   default="lp64",
                   help="the data model of the sizes in --report (default: "
                        "lp64; ilp32 for 32-bit targets)")
    p.add_argument("-W", dest="warnings", action="append", default=[],
                   metavar="OPT",
                   help="-Werror: warnings are errors; -Wno-NAME: disable "
                        "the warning NAME (e.g. -Wno-return-type)")
    p.add_argument("--version", action="version",
                   version="ciogen %s (cio ABI %d)" % (__version__,
                                                      ABI_VERSION))
    return p


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the one place that may catch all
        sys.stderr.write("ciogen: internal error, please report (with the "
                         "input that caused it):\n")
        traceback.print_exc()
        return 2


def run(args):
    from ciogen.driver import Options, generate, display_path

    if not args.files:
        sys.stderr.write("ciogen: error: no input files (try --help)\n")
        return 2
    werror = False
    disabled = set()
    for w in args.warnings:
        if w == "error":
            werror = True
        elif w.startswith("no-"):
            disabled.add("-W" + w[3:])
        else:
            sys.stderr.write("ciogen: error: unknown option -W%s\n" % w)
            return 2
    inputs = []
    for path in args.files:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
        except OSError as e:
            sys.stderr.write("ciogen: error: cannot read %s: %s\n"
                             % (path, e.strerror or e))
            return 1
        inputs.append((display_path(path), text))
    options = Options(outdir=args.outdir, include_dirs=args.include_dirs,
                      no_line=args.no_line, report=args.report,
                      werror=werror, disabled=disabled,
                      runtime_include=args.runtime_include,
                      report_model=args.report_model,
                      header_prefix=args.header_prefix)
    res = generate(inputs, options)
    text = res.diagnostics_text()
    if text:
        sys.stderr.write(text)
    if not res.ok:
        n = res.diags.error_count
        sys.stderr.write("ciogen: %d error%s; nothing was written\n"
                         % (n, "" if n == 1 else "s"))
        return 1
    try:
        os.makedirs(args.outdir, exist_ok=True)
        for name, content in res.outputs:
            _write(os.path.join(args.outdir, name), content)
        if args.depfile:
            outs = [os.path.abspath(os.path.join(args.outdir, name))
                    for name, _ in res.outputs]
            deps = [os.path.abspath(p) for p in args.files] + res.headers
            d = os.path.dirname(args.depfile)
            if d:
                os.makedirs(d, exist_ok=True)
            if args.depfile_target:
                outs = [args.depfile_target]
            _write(args.depfile, "%s: %s\n" % (
                " ".join(_make_escape(o) for o in outs),
                " \\\n  ".join(_make_escape(p) for p in deps)))
    except OSError as e:
        sys.stderr.write("ciogen: error: cannot write %s: %s\n"
                         % (e.filename or args.outdir, e.strerror or e))
        return 1
    if args.report:
        sys.stdout.write(res.report)
    return 0


def _make_escape(path):
    return path.replace("\\", "/").replace(" ", "\\ ").replace("#", "\\#")


def _write(path, content):
    """Write a file through a temporary, so a build that is interrupted
    never sees half an output."""
    tmp = path + ".tmp%d" % os.getpid()
    with open(tmp, "w", encoding="utf-8", errors="surrogateescape",
              newline="\n") as f:
        f.write(content)
    os.replace(tmp, path)
