#!/usr/bin/env bash
# Install the pinned dependencies into .venv (and Chromium for PDF briefings) and start the dashboard on the bundled data.
# Options after the script name go to `streamlit run` (for example --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
# The PDF briefing is printed by Debian's Chromium: install it when missing and we may (root with apt);
# without it the app offers the HTML briefing and says why.
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the PDF briefing..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium found: the Briefing offers HTML only (install it with: sudo apt-get install chromium)." >&2
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
