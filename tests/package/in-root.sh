#!/bin/bash
# Run by deb-test.sh inside the throwaway root, with the packages in /debs: what an
# administrator does with the package, and what must hold after each step.
set -uo pipefail
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { "$@" || fail "$*"; }
user_wants=/etc/systemd/user/graphical-session.target.wants/screentimed.service
system_wants=/etc/systemd/system/multi-user.target.wants/screentimed-system.service
config=/etc/xdg/screentime/config.toml
export DEBIAN_FRONTEND=noninteractive

pam_has_module() { grep -qs pam_screentime /etc/pam.d/common-account; }
cp /etc/pam.d/common-account /tmp/common-account.before

echo "in-root: install the version before"
dpkg -i /debs/old.deb > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i old"; }
for file in /usr/bin/screentimed /usr/bin/screentimectl /usr/bin/screentime-replay \
  /usr/sbin/screentime-system-role /usr/libexec/screentime/screentime-report \
  /usr/libexec/screentime/screentime-autostart /etc/xdg/autostart/screentime-autostart.desktop \
  /usr/lib/systemd/user/screentimed.service /lib/systemd/system/screentimed-system.service \
  /usr/share/pam-configs/screentime /usr/share/polkit-1/actions/org.screentime.policy \
  /usr/share/screentime/resources/en.toml /usr/share/locale/sv/LC_MESSAGES/screentime.mo \
  /usr/share/icons/hicolor/scalable/apps/screentime.svg "$config" \
  /usr/share/man/man8/screentimed.8.gz /usr/share/man/man1/screentimectl.1.gz \
  /usr/share/man/man5/screentime.toml.5.gz /usr/share/man/man5/screentime-limits.toml.5.gz \
  /usr/share/bash-completion/completions/screentimectl \
  /usr/share/zsh/vendor-completions/_screentimectl \
  /usr/share/fish/vendor_completions.d/screentimectl.fish; do
  check test -e "$file"
done
check test -e "$(ls /usr/lib/*/security/pam_screentime.so 2>/dev/null | head -1)"
dpkg-query -W -f='${Conffiles}\n' screentime | grep -q " $config " || fail "$config is no conffile"
check test -L "$user_wants"
[[ -e $system_wants ]] && fail "the system role was enabled by the install"
pam_has_module && fail "the install changed the PAM stack"
/usr/bin/screentimed --version > /dev/null || fail "screentimed --version"
/usr/bin/screentimed --help | grep -q "then /etc/xdg/screentime/config.toml" ||
  fail "screentimed does not read $config"
bash -c 'source /usr/share/bash-completion/completions/screentimectl && complete -p screentimectl' \
  > /dev/null || fail "the installed bash completion does not load"
build_path=$(cat /debs/build-path)
for program in /usr/bin/screentimed /usr/bin/screentimectl /usr/bin/screentime-replay \
  /usr/libexec/screentime/screentime-report; do
  grep -q -F "$build_path" "$program" && fail "$program holds the build path $build_path"
done

echo "in-root: a user's history, the system role's, an admin's limits and a local change"
mkdir -p /home/kid/.local/state/screentime /var/lib/screentime /etc/screentime
echo history > /home/kid/.local/state/screentime/history.db
echo history > /var/lib/screentime/history.db
echo '# limits' > /etc/screentime/limits.toml
echo '# a local change' >> "$config"

echo "in-root: upgrade"
dpkg -i /debs/new.deb > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -i (upgrade)"; }
[[ $(dpkg-query -W -f='${Version}' screentime) == 0.0.9 ]] && fail "still the old version"
grep -q '# a local change' "$config" || fail "the upgrade lost the local change to $config"
check test -L "$user_wants"
[[ -e $system_wants ]] && fail "the upgrade enabled the system role"

echo "in-root: screentime-system-role enable, status, disable"
screentime-system-role enable > /tmp/role.log 2>&1 || { cat /tmp/role.log; fail "enable"; }
check test -L "$system_wants"
pam_has_module || fail "enable did not put pam_screentime in common-account"
screentime-system-role status | grep -q "logins checked: yes" || fail "status after enable"
screentime-system-role disable > /tmp/role.log 2>&1 || { cat /tmp/role.log; fail "disable"; }
[[ -e $system_wants ]] && fail "disable left the system role enabled"
pam_has_module && fail "disable left pam_screentime in common-account"
cmp -s /etc/pam.d/common-account /tmp/common-account.before ||
  fail "common-account differs from before enable"

echo "in-root: remove while the system role is on"
screentime-system-role enable > /tmp/role.log 2>&1 || { cat /tmp/role.log; fail "enable"; }
dpkg -r screentime > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg -r"; }
pam_has_module && fail "after the removal, common-account names a module that is gone"
cmp -s /etc/pam.d/common-account /tmp/common-account.before ||
  fail "common-account differs from before, after the removal"
[[ -e /usr/bin/screentimed ]] && fail "dpkg -r left screentimed"
check test -e "$config"  # a conffile stays until the purge
check test -e /home/kid/.local/state/screentime/history.db
check test -e /var/lib/screentime/history.db

echo "in-root: purge"
dpkg --purge screentime > /tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; fail "dpkg --purge"; }
grep -q "history is kept in /var/lib/screentime" /tmp/dpkg.log || fail "the purge does not say where the history stays"
for gone in "$config" "$user_wants" "$system_wants" /usr/share/pam-configs/screentime; do
  [[ -e $gone || -L $gone ]] && fail "the purge left $gone"
done
check test -e /home/kid/.local/state/screentime/history.db
check test -e /var/lib/screentime/history.db
check test -e /etc/screentime/limits.toml

[[ $failures == 0 ]] && echo "in-root: all checks passed"
exit "$failures"
