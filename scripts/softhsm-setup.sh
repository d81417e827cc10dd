#!/usr/bin/env bash
# Sets up SoftHSM2, the stand-in for a USB signing token, with its own configuration under var/softhsm/
# (SOFTHSM2_CONF) and a token labelled "thidua". Usage: scripts/softhsm-setup.sh PIN SO_PIN
# The demo (`manage.py demo`) does the same with the demo's PINs and puts the Alliance's key on it.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v softhsm2-util >/dev/null 2>&1 || { echo "Please install softhsm2 (apt-get install softhsm2)" >&2; exit 1; }
.venv/bin/python manage.py softhsm_setup --pin "${1:?PIN}" --so-pin "${2:?SO PIN}"
