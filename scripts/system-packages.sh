#!/usr/bin/env bash
# Installs the Debian packages the app needs when they are missing: venv support for
# Python, the Pango/HarfBuzz libraries WeasyPrint renders with, gettext for the message catalogues,
# and softhsm2 (the signing token of the demo and the tests, a stand-in for a USB token); with --test also what the tests use: poppler-utils to read PDFs back,
# Chromium for the browser tests, and pg_dump/pg_restore (postgresql-client) for the backup
# round trip. Does nothing on a machine that has them, or that is not Debian.
set -euo pipefail

command -v dpkg-query >/dev/null 2>&1 || exit 0

wanted=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 gettext softhsm2)
if [ "${1:-}" = "--test" ]; then
  wanted+=(poppler-utils chromium postgresql-client)
fi
python_bin=${PYTHON:-python3}
if ! "$python_bin" -c "import ensurepip, venv" >/dev/null 2>&1; then
  wanted+=(python3-venv)
fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "Please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi
