"""Users: who is signed in, from a trusted reverse proxy's header or a local accounts file.

How the app knows who you are (`AuthConfig.from_environment`):
- `proxy`: `CLAIMMAP_PROXY_HEADER` names the header a reverse proxy (an SSO gateway) puts
  the signed-in user's name in. It is believed only on connections from the addresses in
  `CLAIMMAP_TRUSTED_PROXIES` (default 127.0.0.1 and ::1); the user's role comes from the
  accounts file, else `CLAIMMAP_PROXY_DEFAULT_ROLE` (default viewer; `none` refuses them).
  The server must report the proxy's own address, so `FORWARDED_ALLOW_IPS` must be empty.
- `accounts`: the accounts file (`CLAIMMAP_ACCOUNTS`, default data/accounts.json) holds
  users with their role and an Argon2id hash of their password; the app asks them to sign in.
- `local`: neither is set up: a single-user run, and the local user is admin.

The file is JSON, written whole (a temporary file renamed over it) and readable by its
owner only. `python -m claimmap users ...` manages it.
"""
from __future__ import annotations

import fcntl
import ipaddress
import json
import functools
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from claimmap.atomicfile import write_bytes_atomically
from claimmap.roles import User, checked_role
from claimmap.tables import REPO

DEFAULT_ACCOUNTS = REPO / "data" / "accounts.json"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"
MAX_NAME = 64
_HASHER = PasswordHasher()  # Argon2id with the library's recommended cost


@functools.cache
def _dummy_hash() -> str:
    """Verified against when a name is unknown, so a wrong name takes as long as a wrong password.
    Made at the first sign-in, not at import: every command imports this module, few sign anyone in."""
    return _HASHER.hash("no such user")


class SignInRefused(Exception):
    """Not signed in: the message says why, without telling which names exist; `name` is the
    name that was given (for the audit trail)."""

    def __init__(self, message: str, name: str = ""):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = ""  # empty: a proxy-only user, who cannot sign in with a password


@dataclass(frozen=True)
class AuthConfig:
    mode: str                       # proxy | accounts | local
    accounts_path: Path
    proxy_header: str = ""
    trusted_proxies: tuple = ()     # ip networks
    proxy_default_role: str = "viewer"  # or "" to refuse users not in the accounts file

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> AuthConfig:
        path = Path(environ.get("CLAIMMAP_ACCOUNTS") or DEFAULT_ACCOUNTS)
        header = environ.get("CLAIMMAP_PROXY_HEADER", "").strip()
        trusted = tuple(_network(text) for text in
                        (environ.get("CLAIMMAP_TRUSTED_PROXIES") or DEFAULT_TRUSTED_PROXIES).split(",") if text.strip())
        default_role = environ.get("CLAIMMAP_PROXY_DEFAULT_ROLE", "viewer").strip()
        default_role = "" if default_role == "none" else checked_role(default_role)
        mode = "proxy" if header else ("accounts" if load_accounts(path) else "local")
        if mode == "proxy" and environ.get("FORWARDED_ALLOW_IPS") != "":
            # Streamlit's server (uvicorn) otherwise replaces the peer's address by the one a
            # local connection writes in X-Forwarded-For: the peer could not be checked.
            raise ValueError("with CLAIMMAP_PROXY_HEADER, start the app with FORWARDED_ALLOW_IPS= (empty), "
                             "so that the address checked is the proxy's own")
        return cls(mode, path, header, trusted, default_role)


def _network(text: str):
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise ValueError(f"CLAIMMAP_TRUSTED_PROXIES: {text.strip()!r} is not an address or network") from None


def checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise ValueError(f"a user name is 1 to {MAX_NAME} printable characters, got {name!r}")
    return name


# -- the accounts file --------------------------------------------------------------------------

def load_accounts(path: Path) -> dict[str, Account]:
    """The accounts in the file by name; none when there is no file."""
    if not path.exists():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["users"]
        accounts = [Account(checked_name(row["name"]), checked_role(row["role"]), row.get("password_hash", ""))
                    for row in rows]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a claimmap accounts file: {error}") from None
    return {account.name: account for account in accounts}


def save_accounts(path: Path, accounts: Mapping[str, Account]) -> None:
    rows = [{"name": a.name, "role": a.role, "password_hash": a.password_hash} for a in accounts.values()]
    data = json.dumps({"users": rows}, ensure_ascii=False, indent=2).encode("utf-8")
    write_bytes_atomically(path, data, mode=0o600)  # password hashes: the owner's eyes only


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return _HASHER.hash(password)


@contextmanager
def _changing(path: Path) -> Iterator[dict[str, Account]]:
    """The accounts, read under a lock held until the change is saved, so that two admins' changes
    (the app's and the CLI's, say) never overwrite each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield load_accounts(path)


def add_user(path: Path, name: str, role: str, password: str | None) -> Account:
    """Add a user (password None: a proxy-only user). Refuses a name already taken."""
    name = checked_name(name)
    with _changing(path) as accounts:
        if name in accounts:
            raise ValueError(f"user {name!r} exists; change their role, or remove them first")
        account = Account(name, checked_role(role), hash_password(password) if password is not None else "")
        save_accounts(path, {**accounts, name: account})
    return account


def _keeps_an_admin(accounts: Mapping[str, Account], name: str) -> None:
    if not any(a.role == "admin" for a in accounts.values()):
        raise ValueError(f"{name!r} is the last admin: make someone else admin first")


def set_role(path: Path, name: str, role: str) -> Account:
    with _changing(path) as accounts:
        if name not in accounts:
            raise ValueError(f"no user {name!r}")
        changed = {**accounts, name: Account(name, checked_role(role), accounts[name].password_hash)}
        _keeps_an_admin(changed, name)
        save_accounts(path, changed)
    return changed[name]


def remove_user(path: Path, name: str) -> None:
    with _changing(path) as accounts:
        if name not in accounts:
            raise ValueError(f"no user {name!r}")
        remaining = {key: value for key, value in accounts.items() if key != name}
        if remaining:
            _keeps_an_admin(remaining, name)
        save_accounts(path, remaining)


# -- who is signed in -----------------------------------------------------------------------------

def sign_in(config: AuthConfig, name: str, password: str) -> User:
    """The user whose name and password these are; SignInRefused otherwise (the same message
    whether the name or the password was wrong)."""
    account = load_accounts(config.accounts_path).get(name.strip())
    try:
        _HASHER.verify(account.password_hash if account and account.password_hash else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        raise SignInRefused("wrong name or password", name) from None
    if account is None or not account.password_hash:
        raise SignInRefused("wrong name or password", name)
    return User(account.name, account.role)


def from_proxy(config: AuthConfig, headers: Mapping[str, str], peer: str | None) -> User:
    """The user a trusted proxy names in its header; SignInRefused when the connection does not
    come from a trusted proxy, or the header is missing, or the user has no role."""
    try:
        address = ipaddress.ip_address(peer or "")
    except ValueError:
        raise SignInRefused(f"cannot tell where the connection comes from ({peer!r}); "
                            "the user header is believed only from a trusted proxy") from None
    lowered = {key.lower(): value for key, value in headers.items()}
    name = lowered.get(config.proxy_header.lower(), "").strip()
    if not any(address in network for network in config.trusted_proxies):
        raise SignInRefused(f"the connection comes from {address}, not from a trusted proxy "
                            "(CLAIMMAP_TRUSTED_PROXIES): sign in through the proxy", name)
    if not name:
        raise SignInRefused(f"the proxy sent no {config.proxy_header} header: sign in through the proxy")
    account = load_accounts(config.accounts_path).get(name)
    role = account.role if account else config.proxy_default_role
    if not role:
        raise SignInRefused(f"{name} has no role in claimmap: ask an admin to add you", name)
    return User(checked_name(name), role)


def user_named(config: AuthConfig, name: str) -> User:
    """A user of the accounts file by name (for `ingest --as`); with no accounts, the local admin
    under that name (a single-user set-up records whom it is told)."""
    accounts = load_accounts(config.accounts_path)
    if not accounts:
        return User(checked_name(name), "admin", local=True)
    if name not in accounts:
        raise ValueError(f"no user {name!r} in {config.accounts_path} (add one with `users add`)")
    return User(name, accounts[name].role)



def as_now(config: AuthConfig, user: User) -> User | None:
    """`user` with the role the accounts file gives them now (an admin may have changed it since
    they signed in); None once they are removed, so their session signs in again. The local user,
    and everyone in a run with no accounts, keep theirs."""
    if user.local or config.mode == "local":
        return user
    account = load_accounts(config.accounts_path).get(user.name)
    role = account.role if account else (config.proxy_default_role if config.mode == "proxy" else "")
    return User(user.name, role) if role else None
