#!/usr/bin/env bash
# bench/run.sh - build cio_bench and the peers, run every workload for
# every implementation in one run, print a table of ratios.
#
#   bench/run.sh                 full run (about 3-4 minutes on 2 cores)
#   QUICK=1 bench/run.sh         every N / 10: a 30-second smoke run
#
# Environment: PEERS (default ../shared/peers next to this repository),
# PYTHON (an interpreter that imports uvloop; default /usr/bin/python3),
# BENCH_CPU (the core to pin to, default 1), REPEAT (runs per program,
# default 1; the table shows the median). Output: bench/out/raw.txt (one
# key=value line per run), bench/out/table.md, bench/out/run.log.
#
# The peers need Debian's libuv1-dev, libboost-context-dev and
# python3-uvloop; without them their rows are skipped (and said so).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
PEERS=${PEERS:-$root/../shared/peers}
PYTHON=${PYTHON:-/usr/bin/python3}
BENCH_CPU=${BENCH_CPU:-1}
REPEAT=${REPEAT:-1}
QUICK=${QUICK:-0}
out=$here/out
raw=$out/raw.txt
log=$out/run.log
mkdir -p "$out"
: >"$raw"
: >"$log"

scale() { if [ "$QUICK" = 1 ]; then echo $(($1 / 10)); else echo "$1"; fi; }
N_PINGPONG=$(scale 2000000)
N_SPAWN=$(scale 1000000)
N_IDLE=$(scale 100000)
N_TIMERS=$(scale 1000000)
N_CHAIN=$(scale 1000000)

say() { echo "== $*" | tee -a "$log" >&2; }

# ---- build ----------------------------------------------------------------
say "building cio_bench (Release)"
cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release \
    -DCIO_BUILD_TESTS=OFF -DCIO_BUILD_EXAMPLES=OFF >>"$log" 2>&1 &&
    cmake --build "$root/build-bench" --target cio_bench -j2 >>"$log" 2>&1 ||
    { echo "cio_bench did not build, see $log" >&2; exit 1; }
cio=$root/build-bench/bench/cio_bench

peers_bin=$out/peers
have_peers=0
if [ -d "$PEERS/src" ]; then
    say "building the peers from $PEERS"
    if make -s -C "$PEERS" B="$peers_bin" all >>"$log" 2>&1; then
        have_peers=1
    else
        echo "the peers did not build (apt-get install -y libuv1-dev" \
             "libboost-context-dev python3-uvloop); their rows are skipped" >&2
    fi
else
    echo "no peers at $PEERS: only cio is measured" >&2
fi
have_py=0
if [ $have_peers = 1 ] && "$PYTHON" -c 'import uvloop' 2>/dev/null; then
    have_py=1
fi

pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    pin=(taskset -c "$BENCH_CPU")
fi

# run LIMIT CMD...: one process, pinned; keep its workload= line
run() {
    local limit=$1 line
    shift
    line=$(timeout "$limit" "${pin[@]}" "$@" 2>>"$log" | grep '^workload=' | tail -1)
    if [ -z "$line" ]; then
        echo "FAILED: $*" | tee -a "$log" >&2
        return
    fi
    echo "$line" | tee -a "$raw"
}

py=("$PYTHON" "$PEERS/py/bench.py")

# Each workload runs its implementations one after the other, REPEAT
# times round-robin, so all of them see the same machine state.
workload() {
    local r
    for ((r = 0; r < REPEAT; r++)); do
        "$@"
    done
}

pingpong() {
    run 60 "$cio" pingpong "$N_PINGPONG"
    if [ $have_peers = 1 ]; then
        run 60 "$peers_bin/cxx_coro" pingpong "$N_PINGPONG"
        run 60 "$peers_bin/cxx_coro" pingpong-symmetric "$N_PINGPONG"
        run 60 "$peers_bin/fcontext" pingpong "$N_PINGPONG"
    fi
    if [ $have_py = 1 ]; then
        run 120 "${py[@]}" pingpong --loop asyncio -n "$N_PINGPONG"
        run 120 "${py[@]}" pingpong --loop uvloop -n "$N_PINGPONG"
    fi
}

spawn() {
    run 60 "$cio" spawn "$N_SPAWN"
    if [ $have_peers = 1 ]; then
        run 60 "$peers_bin/cxx_coro" spawn "$N_SPAWN"
        run 120 "$peers_bin/fcontext" spawn "$N_SPAWN"
    fi
    if [ $have_py = 1 ]; then
        run 120 "${py[@]}" spawn --loop asyncio -n "$N_SPAWN"
        run 120 "${py[@]}" spawn --loop uvloop --no-gc -n "$N_SPAWN"
    fi
}

idle_memory() {
    run 60 "$cio" idle_memory "$N_IDLE"
    if [ $have_peers = 1 ]; then
        run 60 "$peers_bin/cxx_coro" idle_memory "$N_IDLE"
        run 60 "$peers_bin/fcontext" idle_memory "$N_IDLE"
    fi
    if [ $have_py = 1 ]; then
        run 60 "${py[@]}" idle_memory --loop asyncio -n "$N_IDLE"
        run 60 "${py[@]}" idle_memory --loop uvloop -n "$N_IDLE"
    fi
}

timers() {
    run 60 "$cio" timers "$N_TIMERS"
    if [ $have_peers = 1 ]; then
        run 60 "$peers_bin/uv_timers" "$N_TIMERS"
    fi
    if [ $have_py = 1 ]; then
        run 120 "${py[@]}" timers --loop uvloop -n "$N_TIMERS"
    fi
}

chain() {
    local depth
    for depth in 1 8 32; do
        run 60 "$cio" chain $depth "$N_CHAIN"
    done
}

start=$(date +%s)
say "pingpong N=$N_PINGPONG";   workload pingpong
say "spawn N=$N_SPAWN";         workload spawn
say "idle_memory N=$N_IDLE";    workload idle_memory
say "timers N=$N_TIMERS";       workload timers
say "chain N=$N_CHAIN";         workload chain
end=$(date +%s)

{
    echo "# cio benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
    echo "- $(gcc --version | head -1); pinned: ${pin[*]:-no}; REPEAT=$REPEAT QUICK=$QUICK"
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); run time $((end - start)) s"
    echo
    python3 "$here/table.py" "$raw"
} >"$out/table.md"
cat "$out/table.md"
