#!/usr/bin/env bash
# syncfleet side by side with lsyncd and plain rsync, on this machine, in one run.
#
#   bench/run.sh [latency-1|latency-50|burst|catch-up|sustained|all]     (default: all)
#
# Each scenario writes bench/results/<scenario>.md (what was measured, the figures, the ratios
# syncfleet/peer, this command, the machine). It starts its own rsync daemons on 127.0.0.1, runs
# syncfleet in its own process (`java -jar syncfleet.jar run`: all roles, embedded Kafka) from
# syncfleet/target/syncfleet.jar, and runs the peers (lsyncd from Debian, bare rsync) on identical trees.
# `all` takes 15-17 minutes on 2 cores here (15.5 and 17.1 min on 2026-11-30 from 08:48, when 50 bare
# pushes took 170-200 ms as issue 7 measured; 22-27 min on the days they took 1.5-1.9 s: bench/README.md).
#
# Environment (all optional):
#   BENCH_WORK=DIR               scratch space (default: a new directory under /tmp, removed at the end)
#   BENCH_KEEP=1                 keep the scratch space (logs of syncfleet, lsyncd and the daemons)
#   BENCH_JFR=DIR                record syncfleet's measured phases with JFR into DIR
#   BENCH_ONLY=NAME              run only the tools whose name contains NAME (partial results, for profiling)
#   BENCH_EXTRAS=1               also the runs that only explain results (sustained: lsyncd; catch-up: lsyncd
#                                left running, syncfleet with default health intervals): about 3 minutes more
#   BENCH_SYNCFLEET_LOG=LEVEL    syncfleet's log level in its log file (default info)
#   BENCH_LATENCY_SAMPLES=N      samples per tool in latency-1/latency-50 (default 50)
#   BENCH_BURST_ROUNDS=N         rounds of burst (default 3)
#   BENCH_CATCHUP_ROUNDS=N       rounds of catch-up (default 3)
#   BENCH_SUSTAINED_SECONDS=N    length of the sustained load (default 60)
#   BENCH_PEER_CAP_SECONDS=N     a peer still not done after N s is stopped and reported as "> N" (default 60)
#   BENCH_SUSTAINED_RATE=N       the rate of sustained's second syncfleet run (default: half the measured capacity)
#   SYNCFLEET_JAVA_OPTS=OPTS     JVM options of every syncfleet process, as bin/syncfleet passes them
#   BENCH_SYNCFLEET_YAML=TEXT    more top-level YAML for every syncfleet run, "\n" between lines, for what-ifs
#                                such as 'watch: {backend: inotify}' (results of such a run are not the defaults')
#
# Older single-file benchmarks, not part of `all`: bench/run.sh latency-3 [samples],
# bench/run.sh recovery [treeFiles] [changedFiles]; bench/watch-setup.sh [dirs] is separate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)"
scenarios=(latency-1 latency-50 burst catch-up sustained)
what="${1:-all}"
case "$what" in
  latency-3|recovery)
    "$home/bin/syncfleet" --version >/dev/null   # builds the jar on first use
    export LC_ALL=C.UTF-8
    shift
    if [[ "$what" == latency-3 ]]; then
      exec java -cp "$home/syncfleet/target/syncfleet.jar" "$here/LatencyBench.java" 3 "${1:-50}" \
        "$here/results/latency-3.md"
    fi
    exec java -cp "$home/syncfleet/target/syncfleet.jar" "$here/RecoveryBench.java" "${1:-100000}" "${2:-1000}" \
      "$here/results/recovery.md" ;;
esac
if [[ "$what" == "all" ]]; then
  run=("${scenarios[@]}")
elif [[ " ${scenarios[*]} " == *" $what "* ]]; then
  run=("$what")
else
  echo "bench: unknown scenario '$what'; known: ${scenarios[*]} all" >&2
  exit 2
fi

# The peers are Debian packages; say exactly what to install.
missing=()
packages=()
for pair in lsyncd:lsyncd rsync:rsync inotifywait:inotify-tools java:openjdk-17-jdk-headless \
            javac:openjdk-17-jdk-headless; do
  tool="${pair%%:*}" package="${pair#*:}"
  if ! command -v "$tool" >/dev/null 2>&1; then
    missing+=("$tool")
    [[ " ${packages[*]-} " == *" $package "* ]] || packages+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "bench: ${missing[*]} not found; on Debian or Ubuntu install them with:" >&2
  echo "  apt-get install -y ${packages[*]}" >&2
  exit 2
fi

# The jar: built from the working tree when sources are newer (bin/syncfleet does that). If that build
# fails (someone is mid-change), the jar already there is used, and the results say which commit it is.
jar="$home/syncfleet/target/syncfleet.jar"
if ! "$home/bin/syncfleet" --version >/dev/null 2>&1; then
  if [[ -f "$jar" ]]; then
    echo "bench: building the jar failed (see $home/.build.log); using the existing $jar" >&2
  else
    echo "bench: no jar and the build failed; see $home/.build.log" >&2
    exit 2
  fi
fi

export LC_ALL=C.UTF-8
work="${BENCH_WORK:-$(mktemp -d /tmp/syncfleet-bench.XXXXXX)}"
mkdir -p "$work"
cleanup() {
  if [[ -z "${BENCH_KEEP:-}" ]]; then
    rm -rf "$work"
  else
    echo "bench: scratch space kept in $work" >&2
  fi
}
trap cleanup EXIT

# A private copy of the jar, so that a rebuild by someone else during the run cannot change it under us.
cp "$jar" "$work/syncfleet.jar"
mkdir -p "$work/classes"
javac -nowarn -d "$work/classes" -cp "$work/syncfleet.jar" $(find "$here/src" -name '*.java')
export BENCH_PRISTINE="$work/pristine-site"
# What the jar was built from, taken now: the results are written minutes later, when the working tree may
# have moved on (results of earlier scenarios of this run do not count as a change)
BENCH_BUILD="commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$home" status --porcelain --untracked-files=no -- . ':(exclude)bench/results' 2>/dev/null)" ]]; then
  BENCH_BUILD+=" plus uncommitted changes"
fi
export BENCH_BUILD

started=$(date +%s)
status=0
for s in "${run[@]}"; do
  echo "bench: === $s ===" >&2
  if ! java -cp "$work/syncfleet.jar:$work/classes" io.syncfleet.bench.Bench \
      "$s" "$home" "$work/$s"; then
    echo "bench: $s failed" >&2
    status=1
  fi
done
echo "bench: done in $(( $(date +%s) - started )) s; results in $here/results/" >&2
exit $status
