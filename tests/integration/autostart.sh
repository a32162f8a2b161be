#!/bin/bash
# The desktop autostart entry and its script, as a login would run them:
# - the entry is a valid desktop file that GNOME and systemd's autostart generator skip;
# - with no systemd user manager, the script runs screentimed, and run again while it runs it
#   does nothing and exits 0;
# - with a user manager, it starts the user unit when the user has it enabled and nothing
#   when they disabled it, and never runs screentimed itself.
# Usage: autostart.sh AUTOSTART_SCRIPT DESKTOP_FILE SCREENTIMECTL
set -u
script=$1
desktop=$2
ctl=$3
work=$(mktemp -d)
daemon=
trap 'kill "$daemon" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

desktop-file-validate "$desktop" || fail "desktop-file-validate: $desktop"
grep -qx 'X-GNOME-HiddenUnderSystemd=true' "$desktop" || fail "not hidden under systemd"

# A login's environment of its own: no bus, no display, a private runtime folder.
login_env() {
  env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
    XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state" "$@"
}
mkdir -p "$work/run" "$work/home" "$work/bin"
chmod 700 "$work/run"

# No user manager: the script runs the daemon.
# exec, not a function: $! must be the daemon itself (the script execs it).
env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
  XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state" \
  "$script" > "$work/first.log" 2>&1 &
daemon=$!
for _ in $(seq 100); do
  login_env "$ctl" resources > /dev/null 2>&1 && break
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.1 # the daemon's socket has no event to wait on from here
done
login_env "$ctl" resources > /dev/null 2>&1 || fail "no daemon answers: $(cat "$work/first.log")"

# Run again while it runs: exits 0 at once, saying why.
if login_env timeout 10 "$script" > "$work/second.log" 2>&1; then
  grep -q 'already running' "$work/second.log" || fail "second run says nothing: $(cat "$work/second.log")"
else
  fail "second run failed ($?): $(cat "$work/second.log")"
fi
kill -0 "$daemon" 2>/dev/null || fail "the first daemon is gone"
kill "$daemon"
wait "$daemon"
daemon=

# A user manager (its private socket), and a systemctl that records what it is asked.
mkdir -p "$work/run/systemd"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/run/systemd/private"
cat > "$work/bin/systemctl" <<'FAKE'
#!/bin/sh
echo "$*" >> "$CALLS"
case "$*" in *is-enabled*) exit "$ENABLED" ;; esac
exit 0
FAKE
chmod +x "$work/bin/systemctl"
for enabled in 0 1; do
  : > "$work/calls"
  login_env CALLS="$work/calls" ENABLED=$enabled timeout 10 "$script" > "$work/managed.log" 2>&1 ||
    fail "with a user manager (enabled=$enabled): exit $?: $(cat "$work/managed.log")"
  if [ "$enabled" = 0 ]; then
    grep -qx -- '--user start screentimed.service' "$work/calls" ||
      fail "enabled unit not started: $(cat "$work/calls")"
  else
    grep -q 'start' "$work/calls" && fail "disabled unit started: $(cat "$work/calls")"
  fi
  login_env "$ctl" resources > /dev/null 2>&1 && fail "screentimed ran beside the user manager"
done

[ "$failures" = 0 ] && echo "autostart: all checks passed"
exit "$failures"
