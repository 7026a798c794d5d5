"""Launchwatch: what the open reporting says about a missile launch.

Entry point: page setup, navigation over pages/, and the shared sidebar filters. The pages only
draw; all logic is in the launchwatch package.
"""

import streamlit as st

from launchwatch import turns, ui

# The sidebar is "auto": open on a wide screen, closed on a phone, where it would cover the page.
# The icon is drawn here and served by the app itself: an emoji or Material icon would be fetched
# from an outside host, which analysts' networks do not reach.
st.set_page_config(page_title="Launchwatch", page_icon=ui.app_icon(), layout="wide", initial_sidebar_state="auto")

# Less blank space above the page title than Streamlit's default, so the key facts start higher.
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:3.5rem}</style>")
ui.login_gate()
navigation = st.navigation(ui.pages())
with turns.PAGE_RUNS.turn():
    st.session_state[ui.PAGE_KEY] = navigation.url_path
    st.session_state["_context"] = ui.sidebar()
    navigation.run()
