"""Who acts, and what their role lets them do.

Three roles, each with everything the one before it may do:
- `viewer`: the map, the claims, the place histories and the exports;
- `analyst`: also uploads reports, corrects or rejects claims, fixes the gazetteer
  (overrides and placements) and re-extracts a report;
- `admin`: also manages users, re-extracts every report and reads everyone's audit trail.

The store checks these rules on every write (`Store.acting_as(user)`), so a page that
forgot to hide a control, or a forged request, is refused there and the refusal is logged.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass

ROLES = ("viewer", "analyst", "admin")  # in increasing power
# Each action an audit entry can record, and the least role allowed to do it.
PERMISSIONS = {
    "sign_in": "viewer",          # open the app (recorded when a user signs in)
    "upload": "analyst",          # store a report's text
    "extract": "analyst",         # store the claims extracted from a report
    "correct": "analyst",         # change fields of a claim
    "reject": "analyst",          # take a claim off the map and the exports
    "override": "analyst",        # a gazetteer alias for a known place
    "placement": "analyst",       # a new place with its point
    "reextract": "analyst",       # re-run the extraction of one report
    "audit_own": "analyst",       # read one's own audit entries
    "reextract_all": "admin",     # re-run the extraction of every report
    "manage_users": "admin",      # add, remove and change the role of users
    "audit_all": "admin",         # read everyone's audit entries
}
ROLE_HELP = {
    "viewer": "map, claims, place histories, exports",
    "analyst": "also upload, correct claims, fix the gazetteer, re-extract a report",
    "admin": "also users, re-extraction of every report, everyone's audit trail",
}


class PermissionDenied(PermissionError):
    """An action the acting user's role does not allow."""


@dataclass(frozen=True)
class User:
    """Someone acting in claimmap. `local` marks the one user of a run with no accounts set up."""

    name: str
    role: str
    local: bool = False

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; roles: {', '.join(ROLES)}")
        if not self.name.strip():
            raise ValueError("a user needs a name")


def local_user() -> User:
    """The single user of a local run with no accounts: the login name, as admin."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        name = "local"
    return User(name or "local", "admin", local=True)


# The app itself, loading the bundled sample into an empty store on first start.
SYSTEM = User("claimmap (first start)", "admin")


def checked_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def allowed(role: str, action: str) -> bool:
    """Whether `role` may do `action` (an action not listed is refused: nothing is allowed by accident)."""
    least = PERMISSIONS.get(action)
    return least is not None and ROLES.index(checked_role(role)) >= ROLES.index(least)


# What each action is, in the words of a refusal ("ana (viewer) may not upload reports").
ACTION_WORDS = {
    "sign_in": "sign in", "upload": "upload reports", "extract": "store extracted claims",
    "correct": "correct claims", "reject": "reject claims", "override": "fix the gazetteer",
    "placement": "place new places", "reextract": "re-extract a report", "audit_own": "read the audit trail",
    "reextract_all": "re-extract every report", "manage_users": "manage users",
    "audit_all": "read everyone's audit trail",
}


def refusal(user: User, action: str) -> str:
    """The message a refused user reads."""
    least = PERMISSIONS.get(action, "admin")
    return f"{user.name} ({user.role}) may not {ACTION_WORDS.get(action, action)}: it needs the {least} role"
