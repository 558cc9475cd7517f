"""Managing users: the accounts file's changes as an admin makes them, in the app's Users page
and with `python -m claimmap users`. Each is checked against the acting user's role by the store
(a viewer's or analyst's forged request is refused there, and the refusal logged) and recorded
in the audit trail.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import pandas as pd

from claimmap import users
from claimmap.store import Store

GENERATED_LENGTH = 16  # characters of a generated password (96 random bits)


def generated_password() -> str:
    """A new password for a user, to be handed to them once."""
    return secrets.token_urlsafe(GENERATED_LENGTH * 3 // 4)


def listing(path: Path) -> pd.DataFrame:
    """The users, their roles and how they sign in (no hashes)."""
    rows = [(a.name, a.role, "password" if a.password_hash else "proxy only") for a in users.load_accounts(path).values()]
    return pd.DataFrame(rows, columns=["name", "role", "signs_in_with"])


def _recorded(store: Store, name: str, done: str) -> str:
    store.record("manage_users", name, done)
    return done


def add(store: Store, path: Path, name: str, role: str, password: str | None) -> str:
    """Add a user (password None: one who signs in through the proxy only); what was done, in words.
    The first user must be an admin: from then on everyone signs in, and someone must manage users."""
    store.require("manage_users", name)
    if not users.load_accounts(path) and role != "admin":
        raise ValueError("the first user must be an admin: once there is a user, everyone signs in, "
                         "and an admin must be able to manage users")
    account = users.add_user(path, name, role, password)
    return _recorded(store, account.name, f"added {account.name} as {account.role}")


def set_role(store: Store, path: Path, name: str, role: str) -> str:
    store.require("manage_users", name)
    account = users.set_role(path, name, role)
    return _recorded(store, account.name, f"{account.name} is now {account.role}")


def remove(store: Store, path: Path, name: str) -> str:
    store.require("manage_users", name)
    users.remove_user(path, name)
    return _recorded(store, name, f"removed {name}")
