#!/usr/bin/env bash
# Install the pinned dependencies into .venv and start the dashboard on the bundled data.
# Options after the script name go to `streamlit run` (for example --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
