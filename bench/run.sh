#!/usr/bin/env bash
# Benchmarks, one command each: bench/run.sh latency-3 [samples] | bench/run.sh recovery [treeFiles] [changedFiles]
# Results go to bench/results/<scenario>.md. Builds the jar if needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)"
scenario="${1:-latency-3}"
shift || true
"$home/bin/syncfleet" --version >/dev/null   # builds the jar on first use
export LC_ALL=C.UTF-8
case "$scenario" in
  latency-3) exec java -cp "$home/syncfleet/target/syncfleet.jar" "$here/LatencyBench.java" 3 "${1:-50}" "$here/results/latency-3.md" ;;
  recovery)  exec java -cp "$home/syncfleet/target/syncfleet.jar" "$here/RecoveryBench.java" "${1:-100000}" "${2:-1000}" "$here/results/recovery.md" ;;
  *) echo "unknown scenario '$scenario'; known: latency-3 [samples], recovery [treeFiles] [changedFiles]" >&2; exit 2 ;;
esac
