#!/usr/bin/env bash
# Watching a big tree, side by side on the same tree: syncfleet's fanotify, inotify and JDK WatchService
# backends, and `inotifywait -m -r`.
#   1. setup: time until every directory is watched, memory, time to stop watching;
#   2. touch: N files rewritten across the tree (default 10000), time until the last of them is in a
#      change batch published to Kafka (syncfleet's watcher role on the embedded broker), and, for
#      reference, until inotifywait printed the last event.
#
# Usage: bench/watch-setup.sh [dirs ...]      (default: 100000 1000000)
#        WATCH_TOUCH_FILES=N                  files touched (default 10000)
#        WATCH_BACKENDS="fanotify inotify jdk" backends to run (default all three)
# Writes one section per tree size ("## <dirs> directories") of bench/results/watch-setup.md, keeping the
# others. Needs inotifywait (inotify-tools), python3, and root for fanotify and for raising
# fs.inotify.max_user_watches for the run (restored afterwards). 1M directories take about 15 minutes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
touch_files="${WATCH_TOUCH_FILES:-10000}"
backends=(${WATCH_BACKENDS:-fanotify inotify jdk})
result="$here/results/watch-setup.md"
export LC_ALL=C.UTF-8

command -v inotifywait >/dev/null || { echo "inotifywait missing: apt-get install -y inotify-tools" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/syncfleet-watch-setup.XXXXXX")"
watches_file=/proc/sys/fs/inotify/max_user_watches
original_watches="$(cat "$watches_file")"
iw_pid=""
cleanup() {
  [ -n "$iw_pid" ] && kill "$iw_pid" 2>/dev/null || true
  if [ "$(cat "$watches_file")" != "$original_watches" ]; then
    echo "$original_watches" > "$watches_file" && echo "restored fs.inotify.max_user_watches=$original_watches" >&2
  fi
  echo "removing $work" >&2
  rm -rf "$work"
}
trap cleanup EXIT

"$home/bin/syncfleet" --version >/dev/null   # builds the jar from the working tree when it is stale
jar="$home/syncfleet/target/syncfleet.jar"
cat > "$work/logback.xml" <<'EOF'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder></appender>
  <logger name="org.apache.kafka" level="WARN"/><logger name="kafka" level="WARN"/>
  <logger name="state.change.logger" level="WARN"/>
  <root level="INFO"><appender-ref ref="err"/></root>
</configuration>
EOF
bench() {
  java -Dlogback.configurationFile="$work/logback.xml" -cp "$jar" "$here/WatchSetupBench.java" "$@"
}

for dirs in "${sizes[@]}"; do
  tree="$work/tree-$dirs"
  files="$work/files-$dirs.txt"
  # ---- the tree: fan-out 10, one small file per 10 directories, built by one process per core -----
  echo "making $dirs directories in $tree" >&2
  t0=$(date +%s)
  python3 - "$tree" "$dirs" "$(nproc)" "$files" <<'EOF'
import os, sys
from multiprocessing import Pool

def grow(args):
    top, n = args
    made, level, files = 0, [top], []
    while made < n:
        nxt = []
        for d in level:
            for i in range(10):
                if made >= n:
                    break
                p = d + "/d" + str(i)
                os.mkdir(p)
                made += 1
                if made % 10 == 0:
                    with open(p + "/f", "w") as fh:
                        fh.write("x")
                    files.append(p + "/f")
                nxt.append(p)
            if made >= n:
                break
        level = nxt
    return made, files

root, total, procs, listing = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
os.makedirs(root)
tops = min(10, total)
for i in range(tops):
    os.mkdir(root + "/d" + str(i))
rest = total - tops
jobs = [(root + "/d" + str(i), rest // tops + (1 if i < rest % tops else 0)) for i in range(tops)]
with Pool(max(1, procs)) as pool:
    results = pool.map(grow, jobs)
made = tops + sum(m for m, _ in results)
assert made == total, (made, total)
# interleave the subtrees so that every k-th file is spread over the whole tree
per = [f for _, f in results]
with open(listing, "w") as out:
    for i in range(max(len(f) for f in per)):
        for f in per:
            if i < len(f):
                out.write(f[i] + "\n")
EOF
  echo "made the tree in $(( $(date +%s) - t0 )) s" >&2

  # ---- limits ---------------------------------------------------------------------------------------
  needed=$(( 2 * dirs + 100000 ))   # one watcher at a time, plus room for watches still being freed
  if [ "$(cat "$watches_file")" -lt "$needed" ]; then
    if [ -w "$watches_file" ]; then
      echo "$needed" > "$watches_file"
      echo "raised fs.inotify.max_user_watches to $needed for this run" >&2
    else
      echo "fs.inotify.max_user_watches is below $needed: run as root or raise it" >&2
      exit 1
    fi
  fi

  # ---- inotifywait -m -r: setup, then the touch -------------------------------------------------------
  echo "inotifywait -m -r ..." >&2
  iw_err="$work/inotifywait.err"
  iw_out="$work/inotifywait.out"
  : > "$iw_out"
  t0=$(date +%s%N)
  inotifywait -m -r -e close_write,moved_to,moved_from,create,delete,attrib,delete_self,move_self \
    --format '%w%f' "$tree" >"$iw_out" 2>"$iw_err" &
  iw_pid=$!
  until grep -q "Watches established" "$iw_err" 2>/dev/null; do
    if ! kill -0 "$iw_pid" 2>/dev/null; then cat "$iw_err" >&2; exit 1; fi
    sleep 0.02
  done
  iw_setup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  iw_rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$iw_pid/status")
  iw_touch="$(python3 - "$files" "$touch_files" "$iw_out" <<'EOF'
import sys, time
listing, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = open(listing).read().split("\n")[:-1]
step = max(1, len(files) // n)
chosen = files[::step][:n]
want = set(chosen)
t0 = time.time()
for f in chosen:
    with open(f, "w") as fh:
        fh.write("touched\n")
touched = time.time() - t0
seen, pos, last = set(), 0, t0
deadline = t0 + 300
with open(out) as fh:
    while len(seen) < len(want) and time.time() < deadline:
        line = fh.readline()
        if not line:
            time.sleep(0.005)
            continue
        p = line.rstrip("\n")
        if p in want and p not in seen:
            seen.add(p)
            last = time.time()
print("files=%d touch_ms=%d last_seen_ms=%d missing=%d" % (len(want), touched * 1000, (last - t0) * 1000,
                                                          len(want) - len(seen)))
EOF
)"
  t0=$(date +%s%N)
  kill "$iw_pid"; wait "$iw_pid" 2>/dev/null || true
  iw_close_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  iw_pid=""
  iw_line="setup_ms=$iw_setup_ms rss_kb=$iw_rss_kb close_ms=$iw_close_ms $iw_touch"
  echo "inotifywait: $iw_line" >&2

  # ---- syncfleet backends, each in JVMs of their own ----------------------------------------------
  lines=()
  for b in "${backends[@]}"; do
    echo "$b backend: setup ..." >&2
    setup_line="$(bench setup "$b" "$tree" "$dirs")"
    echo "$setup_line" >&2
    echo "$b backend: $touch_files files touched ..." >&2
    touch_line="$(bench touch "$b" "$tree" "$files" "$touch_files" "$work")"
    echo "$touch_line" >&2
    rm -rf "$work/kafka-$b" "$work/logs-$b"
    lines+=("$setup_line $touch_line")
  done
  rm -rf "$tree"

  # ---- the report ---------------------------------------------------------------------------------
  python3 - "$result" "$dirs" "$touch_files" "$iw_line" "$(nproc)" "$(uname -r)" "$(date -u +%Y-%m-%d)" \
    "${lines[@]}" <<'EOF'
import os, re, sys
result, dirs, touch_files, iw, cores, kernel, day = sys.argv[1:8]
def kv(line):
    d = {}
    for p in line.split():
        k, v = p.split("=", 1)
        d.setdefault(k, v)   # setup figures first; the touch line repeats backend=
    return d
runs = [kv(l) for l in sys.argv[8:]]
iwd = kv(iw)
def s(ms):
    return "%.1f" % (int(ms) / 1000.0)
def s3(ms):
    return "%.3f" % (int(ms) / 1000.0)
def mb(kb):
    return "%d" % round(int(kb) / 1024.0)
label = {"fanotify": "syncfleet `fanotify` (JNA, one file-system mark; %s count threads)",
         "inotify": "syncfleet `inotify` (JNA, %s walk threads)",
         "jdk": "syncfleet `jdk` (WatchService, %s register threads)"}
setup_rows, touch_rows = [], []
for r in runs:
    b = r["kind"]
    name = label[b] % r["threads"]
    counted = s(r["counted_ms"]) if b == "fanotify" else "-"
    setup_rows.append((name, s3(r["setup_ms"]) if b == "fanotify" else s(r["setup_ms"]), counted, r["watched"],
                       mb(r["rss_kb"]), r["heap_per_dir"], s(r["close_ms"])))
    missing = "" if r["missing"] == "0" else " (%s missing)" % r["missing"]
    if r.get("rescanned") == "true":
        missing += " (events lost: RESCAN of the tree)"
    after = int(r["last_published_ms"]) - int(r["touch_ms"])
    touch_rows.append((name.split(" (")[0], r["files"], s(r["touch_ms"]), s(r["last_published_ms"]) + missing,
                       s(max(0, after)), s(r["last_seen_ms"]), r["batches"]))
setup_rows.append(("`inotifywait -m -r`", s(iwd["setup_ms"]), "-", "-", mb(iwd["rss_kb"]), "-", s(iwd["close_ms"])))
imiss = "" if iwd["missing"] == "0" else " (%s missing)" % iwd["missing"]
touch_rows.append(("`inotifywait -m -r` (prints the event)", iwd["files"], s(iwd["touch_ms"]), "-",
                   s(max(0, int(iwd["last_seen_ms"]) - int(iwd["touch_ms"]))), s(iwd["last_seen_ms"]) + imiss, "-"))
section = ["## %s directories" % dirs, "",
           "`bench/watch-setup.sh %s` on %s cores, kernel %s, %s. The tree was just created (warm page cache)."
           % (dirs, cores, kernel, day), "",
           "| watcher | setup s | counted s | watched dirs | RSS MB | heap B/dir | close s |",
           "|---|---|---|---|---|---|---|"]
section += ["| " + " | ".join(r) + " |" for r in setup_rows]
section += ["", "Setup: from start until every directory is watched (`start()` returns; `Watches established.`"
            " for inotifywait); fanotify marks the whole file system, so it watches everything at once, and"
            " `counted s` is when its background count of the directories (`watchedDirectories`) was complete."
            " RSS: the whole process after setup (a JVM's includes its heap as sized by the collector)."
            " Heap B/dir: heap still held after a full GC, divided by the watched directories.", "",
            "%s files rewritten across the tree (every k-th of the tree's files), with the watcher role on the"
            " embedded broker:" % touch_files, "",
            "| watcher | files | writing s | last batch published s | after the last write s"
            " | last path read from `changes` s | batches |",
            "|---|---|---|---|---|---|---|"]
section += ["| " + " | ".join(r) + " |" for r in touch_rows]
section += ["", "Times from the first write. `last batch published`: the `publishedAtMillis` of the batch holding"
            " the last of the files; `last path read`: when a consumer of `changes` had read them all (for"
            " inotifywait: when it had printed them all); `after the last write`: the first minus the time the"
            " writing took. The watcher coalesces for `watch.delay` (20 ms).", ""]
head = "# watch-setup: watching a big tree\n\nOne section per tree size; each run of the script replaces its own.\n\n"
text = open(result).read() if os.path.exists(result) else head
parts = re.split(r"(?m)^(?=## )", text)
intro, sections = parts[0], [p for p in parts[1:] if not p.startswith("## %s directories" % dirs)]
sections.append("\n".join(section) + "\n")
sections.sort(key=lambda p: int(re.match(r"## (\d+)", p).group(1)))
with open(result, "w") as fh:
    fh.write(intro + "".join(sections))
print("\n".join(section))
EOF
done
echo "wrote $result" >&2
