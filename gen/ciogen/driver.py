"""One invocation of the generator, from file contents to file contents.

`generate()` runs every pass over a set of inputs and returns the text of
each output file (or the diagnostics that prevent it). It does no I/O
besides reading the headers the inputs include, so tests call it directly.
"""

import os

from ciogen.diag import Diagnostics
from ciogen.emit import Fragments, make_env, place_line_directives
from ciogen.headers import HeaderScanner, find_runtime_include
from ciogen.layout import layout_function
from ciogen.lower import FunctionLowering
from ciogen.model import FileModel, FuncModel
from ciogen.program import Program
from ciogen.sizes import Sizer, Unknown, collect_structs


class Options:
    """What the command line says (see cli.py)."""

    def __init__(self, outdir=".", include_dirs=(), no_line=False,
                 report=False, werror=False, disabled=(),
                 runtime_include=None, template_dir=None,
                 report_model="lp64", header_prefix=""):
        self.outdir = outdir
        self.include_dirs = list(include_dirs)
        self.no_line = no_line
        self.report = report
        self.werror = werror
        self.disabled = set(disabled)
        self.runtime_include = runtime_include
        self.template_dir = template_dir
        self.report_model = report_model
        self.header_prefix = header_prefix


class Result:
    def __init__(self, diags):
        self.diags = diags
        self.outputs = []  # (file name, text)
        self.report = ""
        self.file_order = {}
        self.headers = []  # headers read, absolute paths

    @property
    def ok(self):
        return self.diags.error_count == 0

    def diagnostics_text(self):
        return self.diags.render(self.file_order)


def display_path(path, cwd=None):
    """How an input is named in the output: as given, relative (an
    absolute path is made relative to the working directory), with
    forward slashes."""
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path, cwd or os.getcwd())
        except ValueError:
            path = os.path.basename(path)
    path = os.path.normpath(path)
    return path.replace(os.sep, "/")


def runtime_include_dir(options):
    if options.runtime_include:
        return options.runtime_include
    env = os.environ.get("CIOGEN_RUNTIME_INCLUDE")
    if env:
        return env
    return find_runtime_include(os.path.dirname(os.path.abspath(__file__)))


def generate(inputs, options):
    """inputs: [(display path, text)]. Returns a Result."""
    diags = Diagnostics(werror=options.werror, disabled=options.disabled)
    res = Result(diags)
    res.file_order = {display: i for i, (display, _) in enumerate(inputs)}
    program = Program(inputs, options, diags)
    program.load()
    outdir = options.outdir
    skip_paths = [os.path.join(outdir, inp.h_name) for inp in program.inputs]
    rt_include = runtime_include_dir(options)
    scanner = HeaderScanner(options.include_dirs, rt_include,
                            [inp.h_name for inp in program.inputs], skip_paths)
    program.build_tables(scanner, rt_include)
    program.analyse()
    res.headers = scanner.read
    funcs = program.link()
    if diags.error_count:
        return res
    program.place(funcs)
    if diags.error_count:
        return res
    env = make_env(options.template_dir) if options.template_dir else \
        make_env()
    frags = Fragments(env)
    models = []
    for f in funcs:
        low = FunctionLowering(f, frags).run()
        f.lowered = low
        lay = layout_function(f)
        f.layout = lay
        fm = FuncModel(f, low, lay)
        fm.uses_memcpy = low.uses_memcpy
        fm.build_body(low)
        models.append(fm)
    source = env.get_template("source.c.j2")
    header = env.get_template("header.h.j2")
    files = []
    for inp in program.inputs_ok:
        fmodel = FileModel(inp, program, models, options)
        files.append(fmodel)
        c_text = source.render(file=fmodel)
        h_text = header.render(file=fmodel)
        enabled = not options.no_line
        res.outputs.append((inp.c_name, place_line_directives(
            c_text, inp.display, inp.c_name, enabled)))
        res.outputs.append((inp.h_name, place_line_directives(
            h_text, inp.display, inp.h_name, enabled)))
    if options.report:
        _sizes(program, scanner, funcs, models, options)
        res.report = env.get_template("report.txt.j2").render(
            files=files, models=models, model=options.report_model)
    return res


def _sizes(program, scanner, funcs, models, options):
    """Estimated frame sizes for the report (see sizes.py)."""
    structs = dict(scanner.structs)
    typedefs = {}
    for inp in program.inputs_ok:
        try:
            collect_structs(inp.toks, inp.match, inp.items, structs)
        except (KeyError, IndexError, ValueError):
            pass
        for name, ct in inp.typedef_types.items():
            typedefs.setdefault(name, ct)
    frames = {f.name: f.layout for f in funcs}
    sizer = Sizer(options.report_model, structs, typedefs, frames)
    for fm in models:
        try:
            size, _ = sizer.frame(fm.name)
            fm.size_text = "%d bytes" % size
        except Unknown as e:
            fm.size_text = "not known to ciogen (it depends on %s)" % e.what
