"""The frame of an async function: which field holds what, and what
shares storage.

    struct f_frame {
        cio_coro_t co;          the header (an async generator's frame
                                starts with a cio_agen_t agen instead)
        RET ret;                the return value (not for void, nor for
                                a generator)
        params...               every parameter (the init function stores them)
        locals...               locals of the outermost block that live
                                across an await (and the frames of the
                                generators `async for` loops iterate)
        union { ... } u;        nested scopes: blocks that cannot be active
                                at the same time share storage
        union { ... } sub;      frames of awaited functions; a coroutine is
                                suspended in one await at a time, so they all
                                share storage
    };

Scopes nest: each scope is its locals followed by the union of its child
scopes (blocks, `for` statements, and the temporaries of one statement).
A scope with a single child takes the child's fields directly, so a
straight-line function has no unions at all. Field names are unique in
the whole frame: a shadowed local gets a suffix (`i`, `i_2`).
"""


class Field:
    """A frame field: `decl` is its C declaration without the `;`."""

    def __init__(self, name, ctype, origin, line, note=""):
        self.name = name
        self.ctype = ctype
        self.origin = origin  # 'parameter', 'local', 'temporary', ...
        self.line = line  # the user line it comes from (or None)
        self.note = note
        self.path = name
        self.members = None
        self.is_union = False

    @property
    def decl(self):
        return self.ctype.declare(self.name)

    @property
    def is_group(self):
        return self.members is not None


class Group(Field):
    """A nested struct or union of fields."""

    def __init__(self, name, is_union, members, line=None, note=""):
        super().__init__(name, None, "union" if is_union else "struct",
                         line, note)
        self.members = members
        self.is_union = is_union

    @property
    def decl(self):
        return None


class Slot:
    """Where the frame of an awaited function lives."""

    def __init__(self, name, callee, boxed, lines):
        self.name = name
        self.callee = callee
        self.boxed = boxed
        self.lines = lines
        self.path = "sub." + name


class FrameLayout:
    def __init__(self, func):
        self.func = func
        self.params = []
        self.members = []  # locals, temporaries, nested unions
        self.slots = []
        self.boxed_slots = []


RESERVED = frozenset(("co", "ret", "sub"))


def layout_function(func):
    fa = func.analysis
    low = func.lowered
    lay = FrameLayout(func)

    def unique(name):
        return name  # made unique per struct level below

    by_scope = {}
    for g in low.groups:
        by_scope.setdefault(id(g.scope), []).append(g)

    for v in fa.root.locals:
        if v.kind == "param":
            fld = Field(unique(v.name), v.ctype.without_top_const(),
                        "parameter", func.line)
            v.field = fld
            lay.params.append(fld)

    def members_of(scope):
        out = []
        for v in scope.locals:
            if v.kind == "local" and v.hoisted:
                fld = Field(unique(v.name), v.ctype.without_top_const(),
                            "local", v.tok.line)
                v.field = fld
                out.append(fld)
            elif v.kind == "genframe":
                # the frame of an `async for`'s generator: it lives as
                # long as the loop, beside the awaits of the body
                fld = Field(unique(v.name), v.ctype, "generator",
                            v.tok.line, "the generator of the 'async for' "
                            "at line %d" % v.tok.line)
                v.field = fld
                out.append(fld)
        kids = []
        children = [(c.start, c) for c in scope.children] + \
            [(g.scope_pos, g) for g in by_scope.get(id(scope), [])]
        children.sort(key=lambda x: x[0])
        for _, child in children:
            if hasattr(child, "temps"):
                km = []
                for t in child.temps:
                    fld = Field(unique(t.name), t.ctype, "temporary", t.line,
                                t.why)
                    t.field = fld
                    km.append(fld)
                line = child.line
            else:
                km = members_of(child)
                line = child.line
            if km:
                kids.append((line, child, km))
        if len(kids) == 1:
            out.extend(kids[0][2])
        elif kids:
            alts = []
            names = set()
            for line, child, km in kids:
                name = "s%d" % line
                n = 2
                while name in names:
                    name = "s%d_%d" % (line, n)
                    n += 1
                names.add(name)
                what = "temporaries" if hasattr(child, "temps") else \
                    {"for": "for statement", "block": "block",
                     "asyncfor": "async for"}.get(
                        child.kind, child.kind)
                alts.append(Group(name, False, km, line, "%s at line %d"
                                  % (what, line)))
            out.append(Group("u", True, alts, None,
                             "scopes that are never active together"))
        return out

    lay.members = members_of(fa.root)
    _name_level(lay.params + lay.members, set(RESERVED) |
                ({"agen"} if func.is_gen else set()))
    _assign_paths(lay.params, "")
    _assign_paths(lay.members, "")

    # frames of awaited functions
    slots = {}
    for p in fa.points:
        if p.callee is None:
            continue
        key = (p.callee.name, p.boxed)
        slot = slots.get(key)
        if slot is None:
            name = p.callee.name + ("_box" if p.boxed else "")
            slot = Slot(name, p.callee, p.boxed, [])
            slots[key] = slot
            lay.slots.append(slot)
        slot.lines.append(p.line)
        p.slot = slot
    return lay


def _name_level(members, taken):
    """Make field names unique within one struct level (a shadowed local
    flattened into its parent's struct becomes `i_2`); each alternative of
    a union is a level of its own. `u` is taken where a union `u` is."""
    taken = set(taken)
    if any(m.members is not None and m.is_union for m in members):
        taken.add("u")
    for m in members:
        if m.members is not None:
            if m.is_union:
                for alt in m.members:
                    _name_level(alt.members, set())
            continue
        base = m.name
        name = base
        n = 2
        while name in taken:
            name = "%s_%d" % (base, n)
            n += 1
        m.name = name
        taken.add(name)


def _assign_paths(members, prefix):
    for m in members:
        m.path = prefix + m.name
        if m.members is not None:
            _assign_paths(m.members, m.path + ".")
