"""`streamlit run app.py` listens on this machine only unless configured otherwise."""
from __future__ import annotations

import ipaddress
import tomllib
import urllib.parse
from pathlib import Path

from test_browser import streamlit_app

REPO = Path(__file__).resolve().parents[1]
LISTEN = "0A"  # the TCP state "listening" in /proc/net/tcp


def listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on `port`, from the kernel's tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state != LISTEN or int(local_port, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # The kernel writes each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def test_the_config_binds_to_the_loopback_address():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"


def test_the_app_started_as_the_readme_says_listens_on_loopback_only(tmp_path):
    env = {"CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    with streamlit_app(env, address=None) as url:
        port = urllib.parse.urlparse(url).port
        addresses = listening_addresses(port)
    assert addresses and all(ipaddress.ip_address(a).is_loopback for a in addresses), addresses
