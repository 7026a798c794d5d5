"""The app opened as a viewer opens it, for the AppTest tests: one way to start it, with link parameters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from launchwatch import loading

TIMEOUT = 60


def app(timeout: float = TIMEOUT, **query) -> AppTest:
    """The app, not yet run, as a link with these parameters would open it."""
    at = AppTest.from_file(str(loading.REPO_ROOT / "app.py"), default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def page(path: str = "pages/map.py", timeout: float = TIMEOUT, **query) -> AppTest:
    """A page opened through the app (the map is its first page), which must draw without an exception."""
    at = app(timeout, **query).run()
    if path != "pages/map.py":
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
