"""Signing in with the accounts file: repeated failures for a name, or from one client address, lock
it out for a while, in the store (so every process of the app, and a restart, holds to it); every
refusal is in the audit trail and says when to try again. On SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from claimmap import audit, signin, users
from claimmap.roles import User
from claimmap.store import Store
from claimmap.users import AuthConfig, SignInRefused
from test_store import store, store_url  # noqa: F401  (fixtures: a store on both)

ADMIN = User("root", "admin")
HERE, THERE = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def accounts(tmp_path) -> AuthConfig:
    path = tmp_path / "accounts.json"
    users.add_user(path, "ana", "analyst", "battery staple")
    users.add_user(path, "bob", "viewer", "correct horse")
    return AuthConfig.from_environment({"CLAIMMAP_ACCOUNTS": str(path)})


def fail(store, config, name: str, client: str, times: int) -> None:
    for _ in range(times):
        with pytest.raises(SignInRefused, match="wrong name or password"):
            signin.sign_in(store, config, name, "not the password", client)


def test_repeated_failures_lock_a_name_out_even_with_the_right_password(store, accounts, store_url):
    fail(store, accounts, "ana", HERE, signin.NAME_LIMIT)
    with pytest.raises(SignInRefused) as refused:
        signin.sign_in(store, accounts, "ana", "battery staple", THERE)  # another address does not help
    message = str(refused.value)
    assert message.startswith(f"too many failed sign-ins for this name ({signin.NAME_LIMIT} in 15 minutes): "
                              "try again after ") and " UTC (in 15 minutes)" in message
    # Another process (a second app server, a restart) reads the same lockout from the store.
    other = Store.open(store_url)
    with pytest.raises(SignInRefused, match="too many failed sign-ins for this name"):
        signin.sign_in(other, accounts, "ana", "battery staple", HERE)
    other.close()
    # Others still sign in, from another address; a refusal during the lockout does not lengthen it.
    assert signin.sign_in(store, accounts, "bob", "correct horse", THERE) == User("bob", "viewer")
    later = datetime.now(timezone.utc) + signin.WINDOW + timedelta(seconds=5)
    assert signin.sign_in(store, accounts, "ana", "battery staple", HERE, now=later) == User("ana", "analyst")

    entries = audit.entries(store, ADMIN, who=["ana"])[::-1]  # oldest first
    assert entries["action"].tolist() == ["sign_in"] * signin.NAME_LIMIT + ["sign_in_locked"] * 2 + ["sign_in"]
    assert entries["outcome"].tolist() == ["refused"] * (signin.NAME_LIMIT + 2) + ["done"]
    assert entries["target"].tolist()[:signin.NAME_LIMIT + 2] == [HERE] * signin.NAME_LIMIT + [THERE, HERE]
    assert entries["detail"].iloc[signin.NAME_LIMIT] == message


def test_a_right_password_clears_the_names_failures(store, accounts):
    fail(store, accounts, "ana", HERE, signin.NAME_LIMIT - 1)
    signin.sign_in(store, accounts, "ana", "battery staple", HERE)
    fail(store, accounts, "ana", HERE, signin.NAME_LIMIT - 1)
    assert signin.sign_in(store, accounts, "ana", "battery staple", HERE).name == "ana"


def test_one_address_trying_many_names_is_locked_out_and_only_it(store, accounts):
    for number in range(signin.CLIENT_LIMIT):  # names that exist or not, a few tries each
        fail(store, accounts, f"guess{number % 7}", HERE, 1)
    with pytest.raises(SignInRefused) as refused:
        signin.sign_in(store, accounts, "bob", "correct horse", HERE)
    assert str(refused.value).startswith(
        f"too many failed sign-ins from this address ({signin.CLIENT_LIMIT} in 15 minutes): try again after ")
    assert signin.sign_in(store, accounts, "bob", "correct horse", THERE).name == "bob"
    locked = audit.entries(store, ADMIN, actions=["sign_in_locked"])
    assert locked[["who", "target", "outcome"]].values.tolist() == [["bob", HERE, "refused"]]


def test_the_lockout_ends_when_the_oldest_counted_failure_is_a_window_old(store, accounts):
    fail(store, accounts, "ana", HERE, signin.NAME_LIMIT)
    first = audit.entries(store, ADMIN, who=["ana"])["at"].min().to_pydatetime()
    locked = signin.lockout(store, "ana", HERE)
    assert locked is not None and locked.until == first + signin.WINDOW
    assert signin.lockout(store, "ana", HERE, now=locked.until + timedelta(microseconds=1)) is None
    assert signin.lockout(store, " ana ", THERE) == locked  # the name as the form reads it
