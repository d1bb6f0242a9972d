#!/usr/bin/env python3
"""Turn bench/out/raw.txt (key=value lines, one per run) into a Markdown
table with each figure's ratio to the best peer, then check the targets of
the benchmark issue. With REPEAT > 1 the median run of each (workload,
impl) is shown.

Usage: table.py RAW_FILE"""
import statistics
import sys
from collections import OrderedDict


def load(path):
    runs = OrderedDict()
    for line in open(path):
        if not line.startswith("workload="):
            continue
        f = dict(w.split("=", 1) for w in line.split() if "=" in w)
        key = (f["workload"], f["impl"] + (f"-depth{f['depth']}" if "depth" in f else ""))
        runs.setdefault(key, []).append(f)
    return runs


def median_run(runs):
    runs = sorted(runs, key=lambda f: float(f["ns_per_op"]))
    return runs[len(runs) // 2]


def num(f, key):
    try:
        return float(f[key])
    except (KeyError, ValueError):
        return None


def fmt(x, digits=2):
    if x is None:
        return "-"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    runs = load(argv[1])
    rows = OrderedDict((k, median_run(v)) for k, v in runs.items())
    print("| workload | impl | n | ns/op | x best peer | bytes/task | notes |")
    print("|---|---|---:|---:|---:|---:|---|")
    best = {}
    for (w, impl), f in rows.items():
        if impl.startswith("cio"):
            continue
        ns = num(f, "ns_per_op")
        if ns is not None and (w not in best or ns < best[w]):
            best[w] = ns
    for (w, impl), f in rows.items():
        ns = num(f, "ns_per_op")
        ratio = ns / best[w] if w in best and ns else None
        notes = []
        if w == "timers":
            notes.append(f"sched {fmt(num(f, 'sched_cpu_ns_per_op'), 0)} / cancel "
                         f"{fmt(num(f, 'cancel_cpu_ns_per_op'), 0)} / fire "
                         f"{fmt(num(f, 'fire_cpu_ns_per_op'), 0)} ns cpu")
        if "frame_bytes" in f:
            notes.append(f"frame {f['frame_bytes']} B")
        print(f"| {w} | {impl} | {int(float(f['n'])):,} | {fmt(ns)} | "
              f"{fmt(ratio) if ratio else '-'} | {f.get('bytes_per_task', 'na')} | "
              f"{'; '.join(notes)} |")

    def get(w, impl, key="ns_per_op"):
        f = rows.get((w, impl))
        return num(f, key) if f else None

    print()
    print("Targets (ratios from this run):")
    checks = []
    cio_pp, cxx_pp, uv_pp = get("pingpong", "cio"), get("pingpong", "cxx20-coro"), get("pingpong", "py-uvloop")
    if cio_pp and cxx_pp:
        checks.append(("pingpong: cio / C++20 <= 1.0", cio_pp / cxx_pp, cio_pp / cxx_pp <= 1.0))
    if cio_pp and uv_pp:
        checks.append(("pingpong: uvloop / cio >= 200", uv_pp / cio_pp, uv_pp / cio_pp >= 200))
    cio_sp, cxx_sp = get("spawn", "cio"), get("spawn", "cxx20-coro")
    if cio_sp and cxx_sp:
        checks.append(("spawn: cio / C++20 <= 1.0", cio_sp / cxx_sp, cio_sp / cxx_sp <= 1.0))
    idle = get("idle_memory", "cio", "bytes_per_task")
    if idle:
        checks.append(("idle_memory: bytes per task <= 64", idle, idle <= 64))
    cio_t, uv_t = get("timers", "cio"), get("timers", "libuv")
    if cio_t and uv_t:
        checks.append(("timers: cio / libuv (cpu) <= 0.5", cio_t / uv_t, cio_t / uv_t <= 0.5))
    d1, d32 = get("chain", "cio-depth1"), get("chain", "cio-depth32")
    if d1 and d32:
        checks.append(("chain: depth 32 / depth 1 <= 3", d32 / d1, d32 / d1 <= 3))
    for text, value, ok in checks:
        print(f"- {text}: {value:.2f} {'(met)' if ok else '(missed)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
