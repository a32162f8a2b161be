#!/bin/sh
# The process environment is read in the programs' main files and passed down: nothing below
# main (adapters, the app, the core, the protocol and i18n libraries) may read it. Fails with
# the offending lines.
set -eu
cd "$1"
found=$(grep -rnE --include='*.cpp' --include='*.hpp' '\b(secure_)?getenv\b|\benviron\b' \
  daemon client | grep -vE '^(daemon/app|daemon/replay|client|client/report)/main\.cpp:' || true)
if [ -n "$found" ]; then
  echo "the environment is read below main:"
  echo "$found"
  exit 1
fi
echo "the environment is read only in main"
