#!/bin/bash
# pam_screentime through pamtester, against a PAM stack of the test's own: a private mount
# namespace puts a temporary folder over /etc/pam.d, so the machine's PAM configuration is
# neither read nor changed. The system role runs against the private session's mock logind.
# Usage (under with-desktop-session, as root): pam.sh SCREENTIMED PAM_MODULE
set -u
screentimed=$1
module=$2
work=$(mktemp -d)
trap 'kill "$daemon" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
daemon=

sock="$work/run/system.sock"
state="$work/state"
mkdir -p "$work/pam.d"
printf 'account required %s socket=%s state_dir=%s timeout=5\n' "$module" "$sock" "$state" \
  > "$work/pam.d/screentime-test"

# pamtester's account stage for user $1, its output (the messages the login screen would
# show) on stdout; its exit status.
login() {
  unshare --mount sh -c 'mount --bind "$1" /etc/pam.d && exec pamtester screentime-test "$2" acct_mgmt' \
    sh "$work/pam.d" "$1" 2>&1
}

start_role() {
  printf '%s' "$1" > "$work/limits.toml"
  rm -f "$sock"
  "$screentimed" --system --limits "$work/limits.toml" --state-dir "$state" --socket "$sock" \
    > "$work/role.log" 2>&1 &
  daemon=$!
  for _ in $(seq 200); do [ -S "$sock" ] && return; sleep 0.05; done
  fail "the system role did not start"
  cat "$work/role.log"
}

stop_role() {
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
}

# 1. No allowed hour at all: nobody (limited) is refused with the reason; daemon (uid 1, not
# limited) passes.
start_role $'[user.nobody]\nallowed_hours = []\n'
out=$(login nobody) && fail "a limited user outside the allowed hours logged in: $out"
grep -q "outside the allowed hours" <<< "$out" || fail "the refusal does not say why: $out"
out=$(login daemon) || fail "a user without limits was refused: $out"
stop_role

# 2. Time left: nobody passes and hears how much.
start_role $'[user.nobody]\ndaily = "2h"\n'
out=$(login nobody) || fail "a limited user with time left was refused: $out"
grep -q "2 hours of screen time left" <<< "$out" || fail "the time left was not said: $out"
stop_role

# 3. The daemon is not running: closed for the users it last listed as limited, open for the
# rest.
out=$(login nobody) && fail "a limited user logged in with the daemon stopped: $out"
grep -q "not running" <<< "$out" || fail "the refusal does not say why: $out"
out=$(login daemon) || fail "a user without limits was refused with the daemon stopped: $out"

if [ "$failures" -eq 0 ]; then echo "pam_screentime: all passed"; fi
exit "$failures"
