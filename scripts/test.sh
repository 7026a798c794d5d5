#!/usr/bin/env bash
# Install the test dependencies (and the Debian packages the tests drive, when missing and we may install
# them), then run the linter and formatter check (ruff, configured in pyproject.toml) and the whole suite:
# unit tests, AppTest for every page, the store on SQLite and PostgreSQL, and the browser tests.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

updated=""
# need PACKAGE PROBE WHAT: install Debian's PACKAGE unless PROBE (a command or a glob of a file) is
# already there; without root or apt, say which tests will be skipped.
need() {
  local package=$1 probe=$2 what=$3
  if command -v "$probe" >/dev/null 2>&1 || compgen -G "$probe" >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's $package for $what..."
    export DEBIAN_FRONTEND=noninteractive
    [ -n "$updated" ] || { apt-get update -qq; updated=1; }
    apt-get install -y -qq "$package" >/dev/null
  else
    echo "No $package found: $what will be skipped (install it with: sudo apt-get install $package)." >&2
  fi
}
need chromium /usr/bin/chromium "the browser tests"
need postgresql "/usr/lib/postgresql/*/bin/initdb" "the workspace database tests on PostgreSQL"
# nginx runs deploy/nginx.conf in front of the app in tests/test_proxy.py.
need nginx /usr/sbin/nginx "the proxy tests"
# pdftoppm and pdftotext read the PDF briefing in tests/test_briefing_browser.py.
need poppler-utils pdftoppm "the PDF briefing tests"

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# The linter and the formatter's check first: a finding fails the run before any test starts.
.venv/bin/python -m ruff check .
.venv/bin/python -m ruff format --check .
# pytest exits 5 when it collected no test: that is a failure here too, as any non-zero status is.
exec .venv/bin/python -m pytest "$@"
