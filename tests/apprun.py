"""Waiting in a browser for the app's runs: for the end of the run an action starts, not for a moment that
merely looks idle.

Streamlit marks its app element with the script's state, but right after a click the element still says
"notRunning": the server has not yet started the run the click asks for, so waiting for that state alone
can go on mid-run. Nor does "running" always show: a busy browser folds "running" and "notRunning" into
one render when the server's messages queue up. What does tell is the server's own word: it ends every
run with a ForwardMsg whose script_finished says how (a run cut short for a newer one says so). The end
of the run an action starts is the first such message, not cut short, that the page receives after it.
"""

from __future__ import annotations

import weakref

from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Milliseconds a whole run may take, figures drawn, on a slow shared CI machine. A wait ends as soon as
# its condition holds, so a generous bound costs nothing when the machine is fast.
RUN_TIMEOUT = 60_000
# What an expect() waits by default (Playwright's own is 5 s, too short for a run's output on such a machine).
EXPECT_TIMEOUT = 30_000

_SOCKETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch(page) -> None:
    """Remember the page's connection to the app (a new one on every page load), for after_run."""

    def opened(ws):
        if ws.url.endswith("/_stcore/stream"):
            _SOCKETS[page] = ws

    page.on("websocket", opened)


def wait_idle(page, timeout: float = RUN_TIMEOUT) -> None:
    """Wait until no run is in progress. Sound after a page load (the state is "initial" until the first
    run); after an action use after_run, which knows the action's run has ended."""
    page.wait_for_selector(IDLE, timeout=timeout)


def run_ended(payload) -> bool:
    """Whether a frame from the server ends a run (not one cut short because a newer run was asked for)."""
    if isinstance(payload, str):
        return False
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    return msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN


def after_run(page, action, produces=None, timeout: float = RUN_TIMEOUT) -> None:
    """Do `action` (a click, a key, an upload), then wait for the end of the run it starts and for the page
    to show it; then, when given, for `produces` (a locator of something that run draws) to be visible."""
    socket = _SOCKETS.get(page)
    assert socket is not None, "the page has no connection to the app: open it (and watch it) first"
    with socket.expect_event("framereceived", predicate=run_ended, timeout=timeout):
        action()
    wait_idle(page, timeout)
    if produces is not None:
        expect(produces).to_be_visible(timeout=timeout)


def nav_to(page, title: str) -> None:
    """Go to another page by its link in the sidebar, and wait for that page's run to have drawn its title."""
    link = page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True)
    after_run(page, link.click, page.get_by_role("heading", name=title, exact=True))
