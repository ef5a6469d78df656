#!/usr/bin/env bash
# Regenerates the real rsync stderr samples next to this script (NAME.stderr + NAME.exit).
# RsyncOutcomeClassifierTest classifies each sample; rerun after an rsync upgrade and review the diff.
# Needs root (it runs one client as 'nobody' and daemons with per-module uids) and python3.
# Usage: sudo ./capture.sh
set -u
out="$(cd "$(dirname "$0")" && pwd)"
w=/tmp/syncfleet-rsync-capture
rm -rf "$w"; mkdir -p "$w"; cd "$w" || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="rsync://127.0.0.1:$port"
opts=(--sockopts=TCP_NODELAY --timeout=2 --contimeout=2)

mkdir -p src/dir/sub www ro-parent/ro secret nomod
echo hello > src/dir/sub/file
echo top > src/top
chmod 755 ro-parent ro-parent/ro
chown nobody: www
echo 'bob:right' > secrets; chmod 600 secrets
cat > rsyncd.conf <<CONF
pid file = $w/rsyncd.pid
lock file = $w/rsyncd.lock
use chroot = no
munge symlinks = no
socket options = TCP_NODELAY
[www]
path = $w/www
read only = no
uid = root
gid = root
[ro]
path = $w/ro-parent
read only = no
uid = nobody
gid = nogroup
[auth]
path = $w/secret
read only = no
auth users = bob
secrets file = $w/secrets
[gone]
path = $w/no-such-module-dir
read only = no
[one]
path = $w/www
read only = no
uid = root
gid = root
max connections = 1
CONF

start_daemon() {
  rsync --daemon --no-detach --config="$w/rsyncd.conf" --address=127.0.0.1 --port="$port" &
  dpid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "daemon did not start" >&2; exit 1
}

# capture NAME [stdin-file] -- rsync args...   (runs in $w/src)
capture() {
  local name=$1 input=$2; shift 3
  (cd "$w/src" && "$@" <"$input" >/dev/null 2>"$out/$name.stderr"; echo $? >"$out/$name.exit")
  echo "$name: exit $(cat "$out/$name.exit")"
}
nul() { printf '%s\0' "$@" >"$w/list"; }

start_daemon

# incremental push that works (exit 0, empty stderr)
nul dir/sub/file top
capture ok "$w/list" -- rsync -aRI --from0 --files-from=- --delete-missing-args --force "${opts[@]}" . "$url/www/"

# unknown module: a config mistake
capture unknown-module /dev/null -- rsync -a "${opts[@]}" ./top "$url/www2/"

# wrong password for a module with auth users
capture auth-failed /dev/null -- env RSYNC_PASSWORD=wrong rsync -a "${opts[@]}" ./top "rsync://bob@127.0.0.1:$port/auth/"

# module whose path does not exist on the daemon host
capture module-path-missing /dev/null -- rsync -a "${opts[@]}" ./top "$url/gone/"

# destination directory below the module does not exist
capture missing-dest-dir /dev/null -- rsync -a "${opts[@]}" ./top "$url/www/no/such/dir/"

# unknown option (a typo in rsync.extraArgs)
capture unknown-option /dev/null -- rsync -a --no-such-option "${opts[@]}" ./top "$url/www/"

# sender cannot read a file: run the client as nobody
mkdir -p src/private; echo secret > src/private/key; chmod 600 src/private/key; chmod 755 src/private
chmod -R a+rX src/dir src/top; chmod 755 src
nul top private/key
capture permission-denied "$w/list" -- setpriv --reuid=nobody --regid=nogroup --clear-groups \
  rsync -aRI --from0 --files-from=- --delete-missing-args --force "${opts[@]}" . "$url/www/"
rm -rf src/private

# receiver cannot create the file: module runs as nobody, target dir owned by root
mkdir -p src/ro; echo data > src/ro/file
nul ro/file
capture receiver-mkstemp "$w/list" -- rsync -aRI --from0 --files-from=- --delete-missing-args --force "${opts[@]}" . "$url/ro/"
rm -rf src/ro

# one of two files refused by a daemon running as root: its target dir is immutable (chattr +i)
mkdir -p src/locked www/locked; echo data > src/locked/page.html
chattr +i www/locked
nul locked/page.html top
capture immutable-target-dir "$w/list" -- rsync -aRI --from0 --files-from=- --delete-missing-args --force "${opts[@]}" . "$url/www/"
chattr -i www/locked; rm -rf src/locked www/locked

# a listed path whose parents are gone: deletes, but rsync exits 24
mkdir -p www/x/y; echo z > www/x/y/z
nul x/y/z
capture delete-parents-gone "$w/list" -- rsync -aRI --from0 --files-from=- --delete-missing-args --force "${opts[@]}" . "$url/www/"

# a file that vanishes after the file list was sent: bwlimit keeps the first file busy while the second is removed
head -c 400000 /dev/urandom > src/a-big; echo small > src/b-vanishing
nul a-big b-vanishing
(sleep 1; rm -f "$w/src/b-vanishing") &
remover=$!
capture vanished "$w/list" -- rsync -aRI --from0 --files-from=- --delete-missing-args --force --bwlimit=100 "${opts[@]}" . "$url/www/"
wait "$remover"; rm -f src/a-big

# a full sync of a root that is missing at the source
capture full-root-missing /dev/null -- rsync -aR --delete --force "${opts[@]}" ./no-such-root "$url/www/"

# max connections reached: hold the only slot with a slow transfer
head -c 300000 /dev/urandom > src/slow
(cd src && rsync -a --bwlimit=50 "${opts[@]}" ./slow "$url/one/" >/dev/null 2>&1) &
holder=$!; sleep 1
capture max-connections /dev/null -- rsync -a "${opts[@]}" ./top "$url/one/"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; rm -f src/slow

# frozen daemon (SIGSTOP): accepts the connection, then only --timeout ends the run
kill -STOP "$dpid"
capture frozen-daemon /dev/null -- rsync -a "${opts[@]}" ./top "$url/www/"
kill -CONT "$dpid"

# killed daemon: connection refused
kill -KILL "$dpid"; wait "$dpid" 2>/dev/null
capture killed-daemon /dev/null -- rsync -a "${opts[@]}" ./top "$url/www/"

# a listener that accepts TCP but never speaks: --contimeout does not help, --timeout ends it
python3 -c '
import socket, time, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5); time.sleep(30)' "$port" &
mute=$!; sleep 0.5
capture mute-listener /dev/null -- rsync -a "${opts[@]}" ./top "$url/www/"
kill "$mute"

# ssh destination whose host does not resolve
capture ssh-unknown-host /dev/null -- rsync -a --timeout=2 -e 'ssh -o BatchMode=yes -o ConnectTimeout=2' ./top no-such-host.invalid:/srv/www/

rm -rf "$w"
