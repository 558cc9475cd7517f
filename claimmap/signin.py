"""Signing in, as the app does it without Streamlit: the accounts file's name and password, or a
trusted proxy's header; each attempt recorded in the audit trail.

Guessing passwords is slowed by a lockout read from the audit trail itself, so every process of
the app (and a restarted one) holds to it: after `NAME_LIMIT` failed sign-ins for one name within
`WINDOW`, or `CLIENT_LIMIT` from one client address (more: an office shares one), that name or
address is refused, unchecked, until the oldest of those failures is `WINDOW` old. A sign-in
refused so is recorded as `sign_in_locked` and does not count, so trying during a lockout does not
lengthen it; a right password clears its name's failures (not its address's: one's own account
must not buy more guesses at others').
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from claimmap import users
from claimmap.roles import User
from claimmap.store import Store
from claimmap.tables import audit_log
from claimmap.users import AuthConfig, SignInRefused

NAME_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW = timedelta(minutes=15)
LOCKED = "sign_in_locked"  # the audit action of a sign-in refused by the lockout


@dataclass(frozen=True)
class Lockout:
    until: datetime
    message: str  # why, and when to try again (without the current time: see `refusal`)


def _failures(connection, key, since: datetime, limit: int) -> datetime | None:
    """The time of the `limit`-th newest failed sign-in matching `key` since `since`, if there are that many."""
    query = (sa.select(audit_log.c.at).where(audit_log.c.action == "sign_in", audit_log.c.outcome == "refused",
                                             audit_log.c.at > since, key)
             .order_by(audit_log.c.at.desc()).offset(limit - 1).limit(1))
    return connection.execute(query).scalar()


def lockout(store: Store, name: str, client: str, now: datetime | None = None) -> Lockout | None:
    """Whether sign-ins for `name` or from `client` are locked out at `now`, until when and why."""
    now = now or datetime.now(timezone.utc)
    name = _recorded_name(name)
    with store.engine.connect() as connection:
        cleared = connection.execute(sa.select(sa.func.max(audit_log.c.at)).where(
            audit_log.c.action == "sign_in", audit_log.c.outcome == "done", audit_log.c.who == name)).scalar()
        since = max(now - WINDOW, cleared or now - WINDOW)
        by_name = _failures(connection, audit_log.c.who == name, since, NAME_LIMIT)
        by_client = _failures(connection, audit_log.c.target == client, now - WINDOW, CLIENT_LIMIT)
    minutes = int(WINDOW.total_seconds() // 60)
    found = [Lockout(at + WINDOW, f"too many failed sign-ins {what} ({limit} in {minutes} minutes)")
             for at, what, limit in ((by_name, "for this name", NAME_LIMIT),
                                     (by_client, "from this address", CLIENT_LIMIT))
             if at is not None]
    return max(found, key=lambda locked: locked.until, default=None)


def refusal(locked: Lockout, now: datetime) -> str:
    """What the refused user reads: why, and when to try again."""
    minutes = max(1, math.ceil((locked.until - now).total_seconds() / 60))
    return f"{locked.message}: try again after {locked.until:%H:%M} UTC (in {minutes} minute{'s' * (minutes > 1)})"


def sign_in(store: Store, config: AuthConfig, name: str, password: str, client: str,
            now: datetime | None = None) -> User:
    """The user whose name and password these are, unless the name or `client` (the connection's
    address) is locked out; SignInRefused otherwise. Every attempt is recorded."""
    now = now or datetime.now(timezone.utc)
    locked = lockout(store, name, client, now)
    if locked is not None:
        message = refusal(locked, now)
        store.record_refused_sign_in(_recorded_name(name), message, client, action=LOCKED)
        raise SignInRefused(message, name)
    try:
        user = users.sign_in(config, name, password)
    except SignInRefused as refused:
        store.record_refused_sign_in(_recorded_name(refused.name), str(refused), client)
        raise
    store.acting_as(user).record("sign_in", user.name, f"{config.mode} ({user.role})")
    return user


def from_proxy(store: Store, config: AuthConfig, headers: Mapping[str, str], peer: str | None) -> User:
    """`users.from_proxy`, with the sign-in or its refusal recorded."""
    try:
        user = users.from_proxy(config, headers, peer)
    except SignInRefused as refused:
        store.record_refused_sign_in(_recorded_name(refused.name), str(refused), str(peer or ""))
        raise
    store.acting_as(user).record("sign_in", user.name, f"{config.mode} ({user.role})")
    return user


def _recorded_name(name: str) -> str:
    """The name a sign-in is recorded and counted under."""
    return name.strip()[:users.MAX_NAME] or "(no name)"
