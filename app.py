"""claimmap: `streamlit run app.py` opens the map; the sidebar leads to the other pages."""
import streamlit as st

import appstate

st.set_page_config(page_title="claimmap", page_icon=":world_map:", layout="wide")
appstate.ensure_sample_loaded()

navigation = st.navigation([
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/upload.py", title="Upload reports", icon=":material/upload_file:"),
    st.Page("pages/claims.py", title="Claims", icon=":material/table_view:"),
    st.Page("pages/place.py", title="Place history", icon=":material/timeline:"),
    st.Page("pages/gazetteer.py", title="Gazetteer", icon=":material/location_on:"),
])
appstate.open_deep_link()
navigation.run()
