#!/bin/bash
# Builds the .deb with Debian's own tooling (dpkg-buildpackage, debian/) from a copy of what
# git knows of the tree (tracked and new files, no build folders), so the tree itself stays
# clean. Puts the package in OUT_DIR and prints its path; the build log stays there.
# Usage: tests/package/build-deb.sh OUT_DIR   (JOBS from the environment, default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
src=$out/screentime-$version
rm -rf "$src"
mkdir "$src"
git -C "$root" ls-files -co --exclude-standard -z |
  tar -C "$root" --null --ignore-failed-read -T - -c | tar -C "$src" -x
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck noddebs parallel=${JOBS:-2}" \
  dpkg-buildpackage -b -us -uc > "$out/build.log" 2>&1); then
  tail -40 "$out/build.log" >&2
  exit 1
fi
rm -rf "$src"
ls "$out"/screentime_"$version"_*.deb
