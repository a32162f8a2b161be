#!/bin/bash
# The .deb, built with Debian's own tooling (dpkg-buildpackage, debian/) from a copy of the
# tree, then installed, upgraded, its system role turned on and off, removed and purged in a
# throwaway root: an overlay over / in a private mount namespace, so the machine's own files
# and dpkg database are never touched. Checks that the user unit is enabled and the system
# role and the PAM line are not, that a removal takes the PAM line out, that no file is left
# behind after a purge, and that no history is ever deleted.
# Usage, as root: tests/package/deb-test.sh   (JOBS from the environment, default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $(id -u) != 0 ]]; then
  echo "deb-test: needs root (a private mount namespace); skipped"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Build from what git knows of the tree (tracked and new files; no build folders).
version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
src=$work/screentime-$version
mkdir "$src"
git -C "$root" ls-files -co --exclude-standard -z |
  tar -C "$root" --null --ignore-failed-read -T - -c | tar -C "$src" -x
echo "deb-test: building screentime $version with dpkg-buildpackage"
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=${JOBS:-2}" \
  dpkg-buildpackage -b -us -uc > "$work/build.log" 2>&1); then
  tail -40 "$work/build.log"
  exit 1
fi
new=$(ls "$work"/screentime_"$version"_*.deb)
echo "deb-test: built $(basename "$new"), $(du -k "$new" | cut -f1) KiB"
dpkg-deb -c "$new" | awk '{print $6}' > "$work/contents"

# 2. The version before, to upgrade from: the same files under a lower version.
dpkg-deb -R "$new" "$work/old"
sed -i 's/^Version: .*/Version: 0.0.9/' "$work/old/DEBIAN/control"
dpkg-deb -b "$work/old" "$work/screentime_0.0.9.deb" > /dev/null
mkdir "$work/debs"
cp "$new" "$work/debs/new.deb"
cp "$work/screentime_0.0.9.deb" "$work/debs/old.deb"
cp "$root/tests/package/in-root.sh" "$work/debs/"
echo "$src" > "$work/debs/build-path"

# 3. The throwaway root, and the checks inside it.
unshare --mount --fork bash -euo pipefail -c '
  work=$1
  mkdir -p "$work/ov"
  mount -t tmpfs tmpfs "$work/ov"
  mkdir -p "$work/ov/upper" "$work/ov/work" "$work/ov/root" "$work/host"
  mount --bind / "$work/host"
  mount -t overlay overlay -o lowerdir=/,upperdir="$work/ov/upper",workdir="$work/ov/work" \
    "$work/ov/root"
  mount --rbind /proc "$work/ov/root/proc"
  mount --rbind /dev "$work/ov/root/dev"
  mkdir -p "$work/ov/root/debs"
  mount --bind "$work/debs" "$work/ov/root/debs"
  chroot "$work/ov/root" /bin/bash /debs/in-root.sh
  umount -l "$work/ov/root/proc" "$work/ov/root/dev" "$work/ov/root/debs"
  # Left behind: what the overlay holds now that differs from the machine itself, apart from
  # dpkg'"'"'s own records, logs, caches, the history and what the test made.
  cd "$work/ov/upper"
  left=0
  while IFS= read -r -d "" path; do
    case "$path" in
      ./var/lib/dpkg/* | ./var/log/* | ./var/cache/* | ./tmp/* | ./var/tmp/* | ./run/* | ./debs* | \
      ./root/* | ./home/kid/* | ./var/lib/screentime/* | ./etc/screentime/* | ./proc* | ./dev* | \
      ./usr/share/icons/hicolor/icon-theme.cache | ./etc/ld.so.cache) continue ;;
    esac
    if [[ -d $path && ! -L $path ]]; then continue; fi
    if [[ -L $path && -L $work/host/$path && $(readlink "$path") == $(readlink "$work/host/$path") ]]; then
      continue
    fi
    if [[ -f $path && ! -L $path && -f $work/host/$path ]] && cmp -s "$path" "$work/host/$path"; then
      continue
    fi
    echo "FAIL: left behind after the purge: ${path#.}"
    left=$((left + 1))
  done < <(find . -mindepth 1 -print0)
  exit "$left"
' deb-test "$work"
echo "deb-test: all checks passed"
