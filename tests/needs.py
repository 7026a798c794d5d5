"""System programs the suite needs (Chromium, PostgreSQL, nginx, poppler): scripts/test.sh installs them.

Under CI a missing one fails the run, since CI must run every test; elsewhere its tests skip, saying
how to install it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(message: str, tests: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run the {tests}, not skip them)")
    pytest.skip(message)
