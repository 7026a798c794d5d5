#!/usr/bin/env bash
# Install the test dependencies (and Debian's Chromium and PostgreSQL when missing and we may install
# them), then run the linter (ruff, configured in pyproject.toml) and the whole suite: unit tests,
# AppTest for every page, the store on SQLite and PostgreSQL, and the browser tests. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "No Chromium found: browser tests will be skipped (install it with: sudo apt-get install chromium)." >&2
  fi
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the workspace database tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  else
    echo "No PostgreSQL found: its tests will be skipped (install it with: sudo apt-get install postgresql)." >&2
  fi
fi
# nginx runs deploy/nginx.conf in front of the app in tests/test_proxy.py.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nginx for the proxy tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx >/dev/null
  else
    echo "No nginx found: the proxy tests will be skipped (install it with: sudo apt-get install nginx)." >&2
  fi
fi
# poppler-utils (pdftoppm, pdftotext) reads the PDF briefing in tests/test_briefing_browser.py.
if ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's poppler-utils for the PDF briefing tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
  else
    echo "No pdftoppm found: the PDF briefing test will be skipped (install it with: sudo apt-get install poppler-utils)." >&2
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# The linter first: a finding fails the run before any test starts.
.venv/bin/python -m ruff check .
# pytest exits 5 when it collected no test: that is a failure here too, as any non-zero status is.
exec .venv/bin/python -m pytest "$@"
