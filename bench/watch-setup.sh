#!/usr/bin/env bash
# Watch setup on a big tree, side by side on the same tree: syncfleet's inotify backend (JNA), its JDK
# WatchService backend, and `inotifywait -m -r`. Measures the time until every directory is watched,
# memory, and the time to stop watching.
#
# Usage: bench/watch-setup.sh [dirs]      (default 100000)
# Writes its section ("## <dirs> directories") of bench/results/watch-setup.md, keeping the others.
# Needs inotifywait (inotify-tools) and python3. fs.inotify.max_user_watches must fit the tree; as root
# the script raises it for the run and restores it afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)"
dirs="${1:-100000}"
result="$here/results/watch-setup.md"
export LC_ALL=C.UTF-8

work="$(mktemp -d "${TMPDIR:-/tmp}/syncfleet-watch-setup.XXXXXX")"
tree="$work/tree"
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

# ---- build the watcher classes and their classpath (this module only, offline) -----------------
(cd "$home" && mvn -B -q -o -pl watcher-agent compile \
  && mvn -B -q -o -pl watcher-agent dependency:build-classpath -Dmdep.includeScope=compile \
       -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$home/watcher-agent/target/classes:$(cat "$work/cp.txt")"
cat > "$work/logback.xml" <<'EOF'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder></appender>
  <root level="INFO"><appender-ref ref="err"/></root>
</configuration>
EOF

# ---- the tree: fan-out 10, one small file per 10 directories, built by one process per core -------
echo "making $dirs directories in $tree" >&2
t0=$(date +%s)
python3 - "$tree" "$dirs" "$(nproc)" <<'EOF'
import os, sys
from multiprocessing import Pool

def grow(args):
    top, n = args
    made, level = 0, [top]
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
                nxt.append(p)
            if made >= n:
                break
        level = nxt
    return made

root, total, procs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root)
tops = min(10, total)
for i in range(tops):
    os.mkdir(root + "/d" + str(i))
rest = total - tops
jobs = [(root + "/d" + str(i), rest // tops + (1 if i < rest % tops else 0)) for i in range(tops)]
with Pool(max(1, procs)) as pool:
    made = tops + sum(pool.map(grow, jobs))
assert made == total, (made, total)
EOF
echo "made the tree in $(( $(date +%s) - t0 )) s" >&2

# ---- limits -------------------------------------------------------------------------------------
needed=$(( 2 * dirs + 100000 ))   # one backend at a time, plus room for watches still being freed
if [ "$original_watches" -lt "$needed" ]; then
  if [ -w "$watches_file" ]; then
    echo "$needed" > "$watches_file"
    echo "raised fs.inotify.max_user_watches $original_watches -> $needed for this run" >&2
  else
    echo "fs.inotify.max_user_watches is $original_watches, below $needed: run as root or raise it" >&2
    exit 1
  fi
fi

# ---- inotifywait -m -r ---------------------------------------------------------------------------
echo "inotifywait -m -r ..." >&2
iw_err="$work/inotifywait.err"
t0=$(date +%s%N)
inotifywait -m -r -e close_write,moved_to,moved_from,create,delete,attrib,delete_self,move_self "$tree" \
  >/dev/null 2>"$iw_err" &
iw_pid=$!
until grep -q "Watches established" "$iw_err"; do
  if ! kill -0 "$iw_pid" 2>/dev/null; then cat "$iw_err" >&2; exit 1; fi
  sleep 0.02
done
iw_setup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
iw_rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$iw_pid/status")
t0=$(date +%s%N)
kill "$iw_pid"; wait "$iw_pid" 2>/dev/null || true
iw_close_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
iw_pid=""
echo "inotifywait: setup_ms=$iw_setup_ms rss_kb=$iw_rss_kb close_ms=$iw_close_ms" >&2

# ---- syncfleet backends, each in a JVM of its own --------------------------------------------------
run_backend() {
  java -Dlogback.configurationFile="$work/logback.xml" -cp "$cp" "$here/WatchSetupBench.java" "$1" "$tree"
}
echo "jdk backend ..." >&2
jdk_line="$(run_backend jdk)"
echo "$jdk_line" >&2
echo "inotify backend ..." >&2
inotify_line="$(run_backend inotify)"
echo "$inotify_line" >&2

# ---- the report ----------------------------------------------------------------------------------
python3 - "$result" "$dirs" "$iw_setup_ms" "$iw_rss_kb" "$iw_close_ms" "$jdk_line" "$inotify_line" \
  "$(nproc)" "$(uname -r)" "$(date -u +%Y-%m-%d)" <<'EOF'
import os, re, sys
result, dirs, iw_setup, iw_rss, iw_close, jdk, ino, cores, kernel, day = sys.argv[1:]
def kv(line):
    return dict(p.split("=", 1) for p in line.split())
j, i = kv(jdk), kv(ino)
def s(ms):
    return "%.1f" % (int(ms) / 1000.0)
def mb(kb):
    return "%d" % round(int(kb) / 1024.0)
rows = [
    ("syncfleet `inotify` (JNA, %s walk threads)" % i["threads"], s(i["setup_ms"]), i["watched"], mb(i["rss_kb"]),
     i["heap_per_dir"], s(i["close_ms"])),
    ("syncfleet `jdk` (WatchService, %s register threads)" % j["threads"], s(j["setup_ms"]), j["watched"],
     mb(j["rss_kb"]), j["heap_per_dir"], s(j["close_ms"])),
    ("`inotifywait -m -r`", s(iw_setup), "-", mb(iw_rss), "-", s(iw_close)),
]
section = ["## %s directories" % dirs, "",
           "`bench/watch-setup.sh %s` on %s cores, kernel %s, %s. The tree was just created (warm page cache)."
           % (dirs, cores, kernel, day), "",
           "| watcher | setup s | watched dirs | RSS MB | heap B/dir | close s |",
           "|---|---|---|---|---|---|"]
section += ["| " + " | ".join(r) + " |" for r in rows]
section += ["", "Setup: from start until every directory is watched (`start()` returns; `Watches established.`"
            " for inotifywait). RSS: the whole process after setup (a JVM's includes its heap as sized by the"
            " collector). Heap B/dir: heap still held after a full GC, divided by the watched directories.", ""]
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
echo "wrote $result" >&2
