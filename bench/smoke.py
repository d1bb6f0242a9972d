#!/usr/bin/env python3
"""Smoke test of cio_bench: every subcommand with a tiny N must print one
key=value line that parses, with the right workload, impl and n, and the
keys the peers print. No timing is checked.

Usage: smoke.py PATH/TO/cio_bench"""
import subprocess
import sys

COMMON = ["workload", "impl", "n", "seconds", "ops_per_s", "ns_per_op",
          "peak_rss_kb", "bytes_per_task"]
RUNS = [
    (["pingpong", "2000"], "pingpong", 2000, []),
    (["spawn", "1000"], "spawn", 1000, ["frame_bytes", "user_s", "sys_s"]),
    (["idle_memory", "1000"], "idle_memory", 1000,
     ["vm_bytes_per_task", "frame_bytes", "park_s", "release_s"]),
    (["timers", "2000"], "timers", 2000,
     ["cpu_seconds", "sched_ns_per_op", "cancel_ns_per_op",
      "fire_cpu_ns_per_op", "fired", "plan_check"]),
    (["chain", "1", "1000"], "chain", 1000, ["depth"]),
    (["chain", "32", "1000"], "chain", 1000, ["depth"]),
]


def parse(line):
    fields = {}
    for word in line.split():
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"not key=value: {word!r}")
        fields[key] = value
    return fields


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    failures = 0
    for args, workload, n, extra in RUNS:
        proc = subprocess.run([argv[1]] + args, capture_output=True, text=True,
                              timeout=60)
        lines = [l for l in proc.stdout.splitlines() if l.strip()]
        problem = None
        if proc.returncode != 0:
            problem = f"exit status {proc.returncode}: {proc.stderr.strip()}"
        elif len(lines) != 1:
            problem = f"expected one line, got {len(lines)}: {proc.stdout!r}"
        else:
            try:
                f = parse(lines[0])
                missing = [k for k in COMMON + extra if k not in f]
                if missing:
                    problem = f"missing keys {missing}"
                elif f["workload"] != workload or f["impl"] != "cio":
                    problem = f"workload/impl {f['workload']}/{f['impl']}"
                elif int(f["n"]) != n:
                    problem = f"n={f['n']}, expected {n}"
                elif workload == "chain" and f["depth"] != args[1]:
                    problem = f"depth={f['depth']}, expected {args[1]}"
                else:
                    float(f["seconds"]), float(f["ns_per_op"])
            except ValueError as e:
                problem = str(e)
        print(f"{' '.join(args)}: {'ok' if problem is None else 'FAILED: ' + problem}")
        failures += problem is not None
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
