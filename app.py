"""claimmap: `streamlit run app.py` opens the map; the sidebar leads to the other pages."""
import streamlit as st

import appstate

st.set_page_config(page_title="claimmap", page_icon=":world_map:", layout="wide")
appstate.current_user()  # nothing below runs before the user is known
appstate.ensure_sample_loaded()

navigation = appstate.navigation()
appstate.user_badge()
appstate.open_deep_link()
navigation.run()
