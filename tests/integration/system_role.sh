#!/bin/bash
# The system role against the mock logind of a private desktop session: a limited user's
# session is locked (or logged out) when the time is up, another user's is left alone, and a
# first start with a broken limits file refuses to run. Waits on logind calls, not on time.
# Usage (under with-desktop-session, as root): system_role.sh SCREENTIMED SCREENTIMECTL
set -u
screentimed=$1
screentimectl=$2
work=$(mktemp -d)
chmod 0711 "$work"  # the system socket's folder inside must be reachable by other users
kid=
trap 'kill "$daemon" $kid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
failures=0
role_args=()
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Starts the system role on `limits` in a fresh state folder; its log goes to $work/$1.log.
start_role() {
  local name=$1 limits=$2
  printf '%s' "$limits" > "$work/$name.toml"
  "$screentimed" --system --limits "$work/$name.toml" --state-dir "$work/$name-state" \
    --socket "$work/$name-run/system.sock" "${role_args[@]}" > "$work/$name.log" 2>&1 &
  daemon=$!
}

stop_role() {
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
}

testenv-logind add-user kid 4242 > /dev/null
testenv-logind add-user sibling 4343 > /dev/null
testenv-logind add-session c2 4242 --type x11 --active true > /dev/null
testenv-logind add-session c3 4343 --type tty --active true --seat seat1 > /dev/null

# 1. Daily allowance: a warning, the time up, the lock of the kid's session only.
testenv-logind clear-calls
start_role lock $'[defaults]\nwarnings = ["2s"]\ngrace = "1s"\n\n[user."4242"]\ndaily = "3s"\n'
if testenv-logind wait-call LockSession 30 > /dev/null; then
  calls=$(testenv-logind calls)
  grep -q "LockSession c2" <<< "$calls" || fail "the kid's session was not the one locked: $calls"
  grep -q "LockSession c3" <<< "$calls" && fail "another user's session was locked: $calls"
  grep -qE "uid 4242: [0-9a-z]+ left" "$work/lock.log" || fail "no warning in the log"
  grep -q "uid 4242: time is up (daily); lock after the grace" "$work/lock.log" ||
    fail "no time-up line in the log"
else
  fail "LockSession was never called"
  cat "$work/lock.log"
fi
stop_role

# 2. The action "logout" terminates the session.
testenv-logind clear-calls
testenv-logind session c2 unlock > /dev/null
start_role logout $'[user."4242"]\ndaily = "1s"\ngrace = "0s"\naction = "logout"\nwarnings = []\n'
if testenv-logind wait-call TerminateSession 30 > /dev/null; then
  testenv-logind calls | grep -q "TerminateSession c2" || fail "c2 was not the one terminated"
else
  fail "TerminateSession was never called"
  cat "$work/logout.log"
fi
stop_role

# 3. Warnings and the time up reach the limited user's desktop with no daemon of theirs
# running: a helper that became the user sends them on their session bus. The user must be a
# real account, whose groups the bus can look up: "nobody". The test session's folder is
# opened for traversal, as /run/user/UID is the user's own on a real machine.
chmod 0711 "$SCREENTIME_TESTENV_DIR"
testenv-logind add-user nobody 65534 > /dev/null
testenv-logind add-session c4 65534 --type x11 --active true > /dev/null
role_args=(--user-bus "$DBUS_SESSION_BUS_ADDRESS")
start_role notices $'[user.nobody]\ndaily = "4s"\nwarnings = ["3s"]\ngrace = "1m"\n' 
if warning=$(testenv-notifications wait-for "of screen time left" 30); then
  grep -q "Then the screen locks" <<< "$warning" || fail "the warning does not say what follows: $warning"
else
  fail "no warning reached the desktop"
  cat "$work/notices.log"
fi
if up=$(testenv-notifications wait-for "Screen time is up" 30); then
  grep -q "The screen locks in 1 minute" <<< "$up" || fail "the time up does not say when: $up"
  grep -q '"urgency": 2' <<< "$up" || fail "the time up is not critical: $up"
else
  fail "the time up never reached the desktop"
  cat "$work/notices.log"
fi
grep -q "a helper failed" "$work/notices.log" && fail "a helper failed: $(cat "$work/notices.log")"
stop_role

# 4. The system socket: every user can reach it, and each request is authorized from the
# peer's credentials. nobody (limited) reads their own standing but not another's and cannot
# grant; a member of the admin group (here "adm") grants, and the time up is lifted at once.
as_user() { setpriv --reuid "$1" --regid "$1" --clear-groups -- "${@:2}"; }
as_admin() { setpriv --reuid daemon --regid daemon --groups adm -- "$@"; }
testenv-logind clear-calls
# The command that tells an absent parent writes its arguments where the test can read them.
mkdir -m 1777 "$work/told"
# It also writes who it runs as and the environment it was given (its own /proc entry: the
# shell adds PWD to what it passes on, not to what it got).
cat > "$work/tell.sh" << 'TELL'
printf '%s|' "$@" > "$0.d/parent.new"
{
  grep -E '^(Uid|Gid|Groups|CapPrm|CapEff|NoNewPrivs):' /proc/$$/status
  printf 'environ:'
  tr '\0' ' ' < /proc/$$/environ
  echo
} > "$0.d/whoami"
mv "$0.d/parent.new" "$0.d/parent"
TELL
chmod 0755 "$work/tell.sh"
ln -s "$work/told" "$work/tell.sh.d"
tell=$'request_command = ["/bin/sh", "'"$work"$'/tell.sh"]\n'
start_role socket $'[general]\nadmin_group = "adm"\n'"$tell"$'request_command_user = "nobody"\n\n[user.nobody]\ndaily = "3s"\nwarnings = []\ngrace = "0s"\n'
sock="$work/socket-run/system.sock"
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
[ "$(stat -c %a "$sock")" = 666 ] || fail "the system socket is not open to everyone: $(stat -c %a "$sock")"
own=$(as_user 65534 "$screentimectl" --socket "$sock" limits status --json) ||
  fail "nobody cannot read their own standing: $own"
grep -q '"daily_seconds":3' <<< "$own" || fail "nobody's standing is not theirs: $own"
denied=$(as_user 65534 "$screentimectl" --socket "$sock" grant nobody 30m 2>&1) &&
  fail "nobody granted themselves time: $denied"
grep -q "is for an administrator" <<< "$denied" || fail "the refusal does not say why: $denied"
other=$(as_user 1 "$screentimectl" --socket "$sock" limits status nobody 2>&1) &&
  fail "another user read nobody's standing: $other"
grep -q "only an administrator may name another user" <<< "$other" ||
  fail "reading another user's standing was not refused as such: $other"
testenv-logind wait-call LockSession 30 > /dev/null || fail "the time was never up"
granted=$(as_admin "$screentimectl" --socket "$sock" grant nobody 30m --json) ||
  fail "a member of the admin group could not grant: $granted"
grep -q '"over":false' <<< "$granted" || fail "the grant did not lift the time up: $granted"
grep -q '"granted_today_seconds":1800' <<< "$granted" || fail "the grant was not counted: $granted"
# After the grant the session stays unlocked: the user unlocks, and the system role counts
# their time well past the allowance without locking again. (Without the grant, an unlock
# over the limit locks at once, grace being 0, and the time stops at the allowance.)
testenv-logind clear-calls
testenv-logind session c4 unlock > /dev/null
for _ in $(seq 300); do
  used=$(as_user 65534 "$screentimectl" --socket "$sock" limits status --json |
    sed -n 's/.*"used_today_seconds":\([0-9]*\).*/\1/p')
  [ "${used:-0}" -ge 6 ] && break
  sleep 0.1
done
[ "${used:-0}" -ge 6 ] || fail "the time after the grant is not counted: ${used:-none} s used"
testenv-logind calls | grep -q LockSession && fail "the session was locked again after the grant"
as_admin "$screentimectl" --socket "$sock" limits show | grep -q "nobody (uid 65534)" ||
  fail "an administrator does not see every limited user's limits"
# Asking for more time: the administrator logged in (root, session c1) hears of it; the
# answer reaches the user who asked.
asked=$(as_user 65534 "$screentimectl" --socket "$sock" ask 30m "finishing homework" --json) ||
  fail "nobody could not ask for more time: $asked"
request=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<< "$asked")
testenv-notifications wait-for "nobody asks for 30 minutes more" 30 > /dev/null ||
  fail "no administrator heard of the request"
for _ in $(seq 100); do [ -s "$work/told/parent" ] && break; sleep 0.1; done
[ "$(cat "$work/told/parent" 2>/dev/null)" = "${request}|nobody|30m|finishing homework|" ] ||
  fail "the request command did not tell: $(cat "$work/told/parent" 2>&1) $(cat "$work/socket.log")"
[ "$(stat -c %U "$work/told/parent" 2>/dev/null)" = nobody ] ||
  fail "the request command did not run as request_command_user"
# The helper dropped to nobody for good before it ran anything: every uid and gid, no
# capabilities, no way back (no_new_privs), and an empty environment, not root's.
expected_whoami=$'Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\nGroups:\t65534 \nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\nenviron:'
[ "$(cat "$work/told/whoami")" = "$expected_whoami" ] ||
  fail "the request command did not run as nobody alone: $(cat "$work/told/whoami")"
as_user 65534 "$screentimectl" --socket "$sock" grant "$request" > /dev/null 2>&1 &&
  fail "nobody answered their own request"
answered=$(as_admin "$screentimectl" --socket "$sock" grant "$request" --json) ||
  fail "the administrator could not grant the request: $answered"
grep -q '"granted_seconds":1800' <<< "$answered" || fail "the request was not granted: $answered"
testenv-notifications wait-for "30 minutes more screen time" 30 > /dev/null ||
  fail "the user did not hear the answer"
as_user 65534 "$screentimectl" --socket "$sock" limits status --json |
  grep -q '"granted_today_seconds":3600' || fail "the granted request did not add its time"
as_admin "$screentimectl" --socket "$sock" grant "$request" > /dev/null 2>&1 &&
  fail "a request was granted twice"
as_user 65534 "$screentimectl" --socket "$sock" ask 1h > /dev/null || fail "a second ask failed"
as_admin "$screentimectl" --socket "$sock" deny $((request + 1)) > /dev/null ||
  fail "the administrator could not deny"
testenv-notifications wait-for "No more screen time" 30 > /dev/null ||
  fail "the user did not hear the denial"
as_user 65534 "$screentimectl" --socket "$sock" requests | grep -q "denied" ||
  fail "the user's requests do not show the denial"
# The administrator's notification has Grant and Deny buttons: a click answers, as the
# administrator who clicked (root here, in session c1).
as_user 65534 "$screentimectl" --socket "$sock" ask 45m > /dev/null || fail "a third ask failed"
if question=$(testenv-notifications wait-for "nobody asks for 45 minutes more" 30); then
  grep -q '"grant": "Grant 45 minutes"' <<< "$question" || fail "no Grant button: $question"
  id=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["id"])' <<< "$question")
  testenv-notifications invoke-action "$id" grant > /dev/null || fail "could not click Grant"
  testenv-notifications wait-for "45 minutes more screen time" 30 > /dev/null ||
    fail "the click on Grant did not reach the user"
  as_user 65534 "$screentimectl" --socket "$sock" requests --json |
    grep -q '"granted_seconds":2700' || fail "the clicked answer was not stored"
else
  fail "no administrator heard of the third request"
fi
# "A parent approves here": the asker's click asks polkit (here python-dbusmock's polkitd) for
# an administrator's password in the asker's session; no answer keeps the request waiting,
# a yes grants it.
"$SCREENTIME_TESTENV_PYTHON" -m dbusmock --system --template polkitd > "$work/polkit.log" 2>&1 &
polkit=$!
gdbus wait --system --timeout 10 org.freedesktop.PolicyKit1 || fail "the polkit mock did not start"
# A question's helper waits on the user's session bus for the click: it must be nobody alone
# (as the request command above), and nobody is who the bus saw connect.
check_notice_helper() {
  local pid name bus_pid bus_uid
  pid=$(pgrep -n -f -- '--desktop-notice 65534 ') || { fail "no helper waits for the click"; return; }
  grep -E '^(Uid|Gid|Groups|CapPrm|CapEff|NoNewPrivs):' "/proc/$pid/status" > "$work/helper.status"
  printf 'environ:' >> "$work/helper.status"
  tr '\0' ' ' < "/proc/$pid/environ" >> "$work/helper.status"
  [ "$(cat "$work/helper.status")" = "$expected_whoami" ] ||
    fail "the notice helper is not nobody alone: $(cat "$work/helper.status")"
  bus_uid=
  for name in $(gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
      -m org.freedesktop.DBus.ListNames | grep -o "':[0-9.]*'" | tr -d "'"); do
    bus_pid=$(gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
      -m org.freedesktop.DBus.GetConnectionUnixProcessID "$name" 2> /dev/null | sed -n 's/.*uint32 \([0-9]*\).*/\1/p')
    [ "$bus_pid" = "$pid" ] || continue
    bus_uid=$(gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
      -m org.freedesktop.DBus.GetConnectionUnixUser "$name" | sed -n 's/.*uint32 \([0-9]*\).*/\1/p')
  done
  [ "$bus_uid" = 65534 ] || fail "the session bus saw the helper connect as uid '$bus_uid'"
}
click_approve() {  # the asker's notification whose text has $1
  local asking id
  asking=$(testenv-notifications wait-for "$1" 30) || { fail "no \"$1\" notification"; return; }
  check_notice_helper
  grep -q '"approve": "A parent approves here"' <<< "$asking" || fail "no approve button: $asking"
  id=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["id"])' <<< "$asking")
  testenv-notifications invoke-action "$id" approve > /dev/null || fail "could not click approve"
}
as_user 65534 "$screentimectl" --socket "$sock" ask 10m > /dev/null || fail "ask 10m failed"
click_approve "You asked for 10 minutes more"
testenv-notifications wait-for "Not approved" 30 > /dev/null ||
  fail "a refused password did not reach the asker"
# One question at a time: the 10 minutes still wait, so a new ask is refused until answered.
again=$(as_user 65534 "$screentimectl" --socket "$sock" ask 5m 2>&1) &&
  fail "a second question was filed while one was waiting"
grep -q "is still waiting for an answer" <<< "$again" || fail "the refusal does not say why: $again"
as_admin "$screentimectl" --socket "$sock" deny $((request + 3)) > /dev/null ||
  fail "the waiting 10 minutes could not be denied"
gdbus call --system -d org.freedesktop.PolicyKit1 -o /org/freedesktop/PolicyKit1/Authority \
  -m org.freedesktop.DBus.Mock.SetAllowed "['org.screentime.grant-time']" > /dev/null
as_user 65534 "$screentimectl" --socket "$sock" ask 20m > /dev/null || fail "ask 20m failed"
click_approve "You asked for 20 minutes more"
testenv-notifications wait-for "20 minutes more screen time" 30 > /dev/null ||
  fail "an approval on the screen did not grant the request"
kill "$polkit" 2>/dev/null
wait "$polkit" 2>/dev/null
# A flood of "approve" while polkit has not answered (it never does here) starts one dialog.
# D-Bus keeps one sender's calls in order: once the later request's call has arrived, every
# call of the flood before it has too.
"$SCREENTIME_TESTENV_PYTHON" "$(dirname "$0")/hung_peer.py" --system org.freedesktop.PolicyKit1 \
  "$work/polkit-calls" > "$work/hung-polkit.log" 2>&1 &
polkit=$!
for _ in $(seq 100); do grep -q owner "$work/polkit-calls" 2> /dev/null && break; sleep 0.1; done
approve_lines() {  # REQUEST COUNT: that many approve requests on one connection, replies read
  python3 - "$sock" "$1" "$2" << 'FLOOD'
import json, socket, sys
client = socket.socket(socket.AF_UNIX)
client.connect(sys.argv[1])
lines = client.makefile("rwb")
lines.readline()
for n in range(int(sys.argv[3])):
    request = {"id": n, "cmd": "limits.approve", "args": {"request": sys.argv[2]}}
    lines.write((json.dumps(request) + "\n").encode())
lines.flush()
replies = [json.loads(lines.readline()) for _ in range(int(sys.argv[3]))]
sys.exit(0 if all(reply.get("ok") for reply in replies) else 1)
FLOOD
}
flooded=$(as_user 65534 "$screentimectl" --socket "$sock" ask 15m --json |
  sed -n 's/.*"id":\([0-9]*\).*/\1/p')
as_user 65534 bash -c "$(declare -f approve_lines); sock=$sock; approve_lines $flooded 50" ||
  fail "a repeated approve was not answered with the request"
as_admin "$screentimectl" --socket "$sock" deny "$flooded" > /dev/null || fail "could not deny"
later=$(as_user 65534 "$screentimectl" --socket "$sock" ask 5m --json |
  sed -n 's/.*"id":\([0-9]*\).*/\1/p')
as_user 65534 bash -c "$(declare -f approve_lines); sock=$sock; approve_lines $later 1" ||
  fail "the later request's approve failed"
for _ in $(seq 100); do
  [ "$(grep -c CheckAuthorization "$work/polkit-calls")" -ge 2 ] && break
  sleep 0.1
done
[ "$(grep -c CheckAuthorization "$work/polkit-calls")" -eq 2 ] ||
  fail "polkit was asked $(grep -c CheckAuthorization "$work/polkit-calls") times for 2 requests"
kill "$polkit" 2>/dev/null
wait "$polkit" 2>/dev/null
as_admin "$screentimectl" --socket "$sock" deny "$later" > /dev/null || fail "could not deny"
# limits set: administrators only; the file keeps its other lines, the new limit is in force.
as_user 65534 "$screentimectl" --socket "$sock" limits set nobody daily 5h > /dev/null 2>&1 &&
  fail "a limited user changed their own limits"
as_admin "$screentimectl" --socket "$sock" limits set nobody daily 5h > /dev/null ||
  fail "an administrator could not set a limit"
grep -q '^daily = "5h"$' "$work/socket.toml" || fail "the file was not changed: $(cat "$work/socket.toml")"
grep -q '^admin_group = "adm"$' "$work/socket.toml" || fail "the file lost its other lines"
as_user 65534 "$screentimectl" --socket "$sock" limits status --json |
  grep -q '"daily_seconds":25500' || fail "the new limit is not in force (5 h + 2 h 5 min granted)"
broken=$(as_admin "$screentimectl" --socket "$sock" limits set nobody grace "2 hours" 2>&1) &&
  fail "a limit that does not read was written"
grep -q "socket.toml:" <<< "$broken" || fail "the refusal does not say where: $broken"
# A broken file on reload keeps the limits in force, and says where it is broken.
printf '[user.nobody]\ndaily = "all day"\n' > "$work/socket.toml"
kill -HUP "$daemon"
for _ in $(seq 100); do
  shown=$(as_admin "$screentimectl" --socket "$sock" limits show --json)
  grep -q '"in_force":"last-good"' <<< "$shown" && break
  sleep 0.1
done
grep -q '"in_force":"last-good"' <<< "$shown" || fail "a broken file was taken: $shown"
grep -q '"column":9,"file":"[^"]*socket.toml","line":2' <<< "$shown" ||
  fail "the broken file's place is not said: $shown"
as_user 65534 "$screentimectl" --socket "$sock" limits status --json |
  grep -q '"daily_seconds":25500' || fail "a broken file changed the limits in force"
# Not a limits file at all: each refused with its reason, the limits in force unchanged.
for kind in huge zero fifo; do
  rm -f "$work/next.toml"
  case $kind in
    huge) head -c 2097152 /dev/zero | tr '\0' '#' > "$work/next.toml"; reason="1 MiB" ;;
    zero) ln -s /dev/zero "$work/next.toml"; reason="not a regular file" ;;
    fifo) mkfifo "$work/next.toml"; reason="not a regular file" ;;
  esac
  mv -T "$work/next.toml" "$work/socket.toml"
  kill -HUP "$daemon"
  for _ in $(seq 100); do
    shown=$(as_admin "$screentimectl" --socket "$sock" limits show --json)
    grep -q "$reason" <<< "$shown" && break
    sleep 0.1
  done
  grep -q "$reason" <<< "$shown" || fail "$kind: the refusal does not say why: $shown"
  grep -q '"in_force":"last-good"' <<< "$shown" || fail "$kind was taken: $shown"
  as_user 65534 "$screentimectl" --socket "$sock" limits status --json |
    grep -q '"daily_seconds":25500' || fail "$kind changed the limits in force"
done
printf '[user.nobody]\ndaily = "all day"\n' > "$work/next.toml"
mv -T "$work/next.toml" "$work/socket.toml"
# The parents' report: today's limit, the grants, what the limit did.
report=$(as_admin "$screentimectl" --socket "$sock" usage --user nobody --json) ||
  fail "an administrator could not read the report: $report"
grep -q '"granted_seconds":7500' <<< "$report" || fail "the report misses the grants: $report"
grep -q '"limit_seconds":18000' <<< "$report" || fail "the report misses the limit: $report"
grep -q '"kind":"action"' <<< "$report" || fail "the report misses the lock: $report"
as_user 65534 "$screentimectl" --socket "$sock" usage > /dev/null ||
  fail "a limited user could not read their own report"
as_user 1 "$screentimectl" --socket "$sock" usage --user nobody > /dev/null 2>&1 &&
  fail "another user read the limited user's report"
stop_role
testenv-logind remove-session c4 > /dev/null

# 5. Both roles: the limited user's own daemon runs beside the system role. It follows the
# user's standing through limits.watch: its own status carries the limit, and its subscribers
# hear a grant at once, with no request of theirs. Killing it changes nothing: the limit stays
# in force. Its socket and history are in folders of the user's.
testenv-logind clear-calls
testenv-logind add-session c5 65534 --type x11 --active true > /dev/null
start_role both $'[general]\nadmin_group = "adm"\n\n[user.nobody]\ndaily = "2s"\nwarnings = []\ngrace = "0s"\n'
sock="$work/both-run/system.sock"
kid_home="$work/kid-home"
kid_run="$work/kid-run"
mkdir -p "$kid_home" "$kid_run"
chmod 0700 "$kid_run"
chown nobody: "$kid_home" "$kid_run"
kid_env=(env HOME="$kid_home" XDG_RUNTIME_DIR="$kid_run" XDG_CONFIG_HOME="$kid_home/.config"
  XDG_STATE_HOME="$kid_home/.local/state" XDG_SESSION_ID=c5)
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
setpriv --reuid 65534 --regid 65534 --clear-groups -- "${kid_env[@]}" "$screentimed" \
  --no-notifications --system-socket "$sock" > "$work/kid.log" 2>&1 &
kid=$!
kid_sock="$kid_run/screentime/control.sock"
# The daemon's own figure: the client is sent to no system socket, so it adds nothing itself.
kid_status() {
  as_user 65534 "${kid_env[@]}" "$screentimectl" --system-socket "$work/none" status "$@"
}
for _ in $(seq 100); do
  own=$(kid_status --json 2>&1)
  grep -q '"limits":{' <<< "$own" && break
  sleep 0.1
done
grep -q '"limits":{' <<< "$own" || fail "the user's own daemon does not carry the limit: $own"
grep -q '"daily_seconds":2' <<< "$own" || fail "the user's daemon carries another limit: $own"
grep -q '"pid":'"$kid" <<< "$own" || fail "the status is not the user daemon's: $own"
grep -qE "^ *limit +(time is up|.* left)" <<< "$(kid_status)" ||
  fail "the user's plain status does not show the limit: $(kid_status)"
# A subscriber of the user's daemon hears a grant made on the system socket.
python3 -c '
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.write(json.dumps({"id": 1, "cmd": "subscribe"}) + "\n")
f.flush()
for line in f:
    print(line, end="", flush=True)
' "$kid_sock" > "$work/kid-events" 2>&1 &
listener=$!
for _ in $(seq 100); do grep -q '"ok":true' "$work/kid-events" && break; sleep 0.1; done
as_admin "$screentimectl" --system-socket "$sock" grant nobody 1s > /dev/null || fail "grant 1s failed"
for _ in $(seq 100); do
  grep -qE '"event":"limits".*"granted_today_seconds":1[,}]' "$work/kid-events" && break
  sleep 0.1
done
grep -qE '"event":"limits".*"granted_today_seconds":1[,}]' "$work/kid-events" ||
  fail "the user's subscribers did not hear the grant: $(cat "$work/kid-events")"
kill "$listener" 2>/dev/null
# The system role restarts: the user's daemon hears it go, and follows it again when its
# socket comes back (inotify on the folder, no timer).
stop_role
for _ in $(seq 100); do kid_status --json | grep -q '"limits":null' && break; sleep 0.1; done
kid_status --json | grep -q '"limits":null' || fail "the user's daemon kept a limit with no role"
start_role both $'[general]\nadmin_group = "adm"\n\n[user.nobody]\ndaily = "2s"\nwarnings = []\ngrace = "0s"\n'
for _ in $(seq 100); do kid_status --json | grep -q '"limits":{' && break; sleep 0.1; done
kid_status --json | grep -q '"limits":{' ||
  fail "the user's daemon did not follow the restarted role: $(cat "$work/kid.log")"
kill -9 "$kid"
wait "$kid" 2>/dev/null
testenv-logind wait-call LockSession 30 > /dev/null || fail "the time was never up"
testenv-logind clear-calls
testenv-logind session c5 unlock > /dev/null
testenv-logind wait-call LockSession 30 > /dev/null ||
  fail "with the user's daemon killed, an unlock over the limit was not locked again"
stop_role
testenv-logind remove-session c5 > /dev/null

# 6. A first start with a broken limits file refuses to run, saying where it is broken.
start_role broken $'[user."4242"]\ndaily = "2 hours"\n'
wait "$daemon"
status=$?
[ "$status" -ne 0 ] || fail "started with a broken limits file"
grep -q "refusing to run without limits" "$work/broken.log" || fail "no refusal in the log"
grep -q "broken.toml:2:9" "$work/broken.log" || fail "the error does not say where"

if [ "$failures" -eq 0 ]; then echo "system role: all passed"; fi
exit "$failures"
