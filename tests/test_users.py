"""Users: the accounts file, signing in, the trusted proxy's header, and `users`/`ingest --as` on the CLI."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from claimmap import users
from claimmap.roles import User
from claimmap.store import Store
from claimmap.users import AuthConfig, SignInRefused

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def accounts(tmp_path) -> Path:
    return tmp_path / "accounts.json"


def config(accounts: Path, **environment) -> AuthConfig:
    return AuthConfig.from_environment({"CLAIMMAP_ACCOUNTS": str(accounts), "FORWARDED_ALLOW_IPS": "", **environment})


def test_with_nothing_set_up_the_run_is_local_and_its_user_admin(accounts):
    assert config(accounts).mode == "local"
    users.add_user(accounts, "alice", "admin", "correct horse")
    assert config(accounts).mode == "accounts"
    assert config(accounts, CLAIMMAP_PROXY_HEADER="X-Forwarded-User").mode == "proxy"


def test_passwords_are_stored_hashed_in_a_private_file(accounts):
    users.add_user(accounts, "alice", "admin", "correct horse")
    text = accounts.read_text()
    assert "correct horse" not in text and json.loads(text)["users"][0]["password_hash"].startswith("$argon2id$")
    assert stat.S_IMODE(os.stat(accounts).st_mode) == 0o600
    with pytest.raises(ValueError, match="at least 8"):
        users.add_user(accounts, "bob", "analyst", "short")
    with pytest.raises(ValueError, match="exists"):
        users.add_user(accounts, "alice", "viewer", "another one")
    with pytest.raises(ValueError, match="unknown role"):
        users.add_user(accounts, "carol", "superuser", "another one")


def test_sign_in_takes_the_right_password_only_and_does_not_tell_which_part_was_wrong(accounts):
    users.add_user(accounts, "alice", "analyst", "correct horse")
    users.add_user(accounts, "proxied", "viewer", None)
    assert users.sign_in(config(accounts), "alice", "correct horse") == User("alice", "analyst")
    messages = set()
    for name, password in (("alice", "wrong horse"), ("nobody", "correct horse"), ("proxied", "")):
        with pytest.raises(SignInRefused) as refused:
            users.sign_in(config(accounts), name, password)
        messages.add(str(refused.value))
        assert refused.value.name == name  # for the audit trail
    assert messages == {"wrong name or password"}


def test_roles_change_and_the_last_admin_stays(accounts):
    users.add_user(accounts, "alice", "admin", "correct horse")
    users.add_user(accounts, "bob", "viewer", "battery staple")
    assert users.set_role(accounts, "bob", "analyst").role == "analyst"
    assert users.sign_in(config(accounts), "bob", "battery staple").role == "analyst"
    with pytest.raises(ValueError, match="last admin"):
        users.set_role(accounts, "alice", "viewer")
    with pytest.raises(ValueError, match="last admin"):
        users.remove_user(accounts, "alice")
    users.remove_user(accounts, "bob")
    assert list(users.load_accounts(accounts)) == ["alice"]
    with pytest.raises(ValueError, match="no user"):
        users.remove_user(accounts, "bob")


def test_a_damaged_accounts_file_is_named_not_ignored(accounts):
    accounts.write_text('{"users": [{"name": "alice", "role": "root"}]}')
    with pytest.raises(ValueError, match="not a claimmap accounts file"):
        users.load_accounts(accounts)


def test_the_proxy_header_is_believed_only_from_a_trusted_proxy(accounts):
    users.add_user(accounts, "alice", "admin", None)
    proxy = config(accounts, CLAIMMAP_PROXY_HEADER="X-Forwarded-User", CLAIMMAP_TRUSTED_PROXIES="10.0.0.0/24, ::1")
    assert users.from_proxy(proxy, {"x-forwarded-user": "alice"}, "10.0.0.7") == User("alice", "admin")
    assert users.from_proxy(proxy, {"X-Forwarded-User": "newcomer"}, "::1") == User("newcomer", "viewer")
    for headers, peer, reason in (({"X-Forwarded-User": "alice"}, "192.0.2.9", "not from a trusted proxy"),
                                  ({"X-Forwarded-User": "alice"}, None, "cannot tell where"),
                                  ({}, "10.0.0.7", "sent no X-Forwarded-User")):
        with pytest.raises(SignInRefused, match=reason):
            users.from_proxy(proxy, headers, peer)
    closed = config(accounts, CLAIMMAP_PROXY_HEADER="X-Forwarded-User", CLAIMMAP_PROXY_DEFAULT_ROLE="none")
    with pytest.raises(SignInRefused, match="no role"):
        users.from_proxy(closed, {"X-Forwarded-User": "newcomer"}, "127.0.0.1")
    with pytest.raises(ValueError, match="not an address"):
        config(accounts, CLAIMMAP_TRUSTED_PROXIES="proxy.example")
    # Left to its default, Streamlit's server would let a local connection name any peer address.
    with pytest.raises(ValueError, match="FORWARDED_ALLOW_IPS"):
        AuthConfig.from_environment({"CLAIMMAP_ACCOUNTS": str(accounts), "CLAIMMAP_PROXY_HEADER": "X-User"})


def run_cli(*args, stdin: str = "", env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimmap", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **env}, timeout=300)


def test_the_users_command_and_ingest_as(tmp_path, accounts):
    env = {"CLAIMMAP_ACCOUNTS": str(accounts), "CLAIMMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}
    assert run_cli("users", "add", "alice", "--role", "admin", stdin="correct horse\n", env=env).returncode == 0
    assert run_cli("users", "add", "vera", "--role", "viewer", "--no-password", env=env).returncode == 0
    added = run_cli("users", "add", "ana", "--role", "analyst", stdin="battery staple\n", env=env)
    assert added.returncode == 0 and "added ana as analyst" in added.stdout
    listed = run_cli("users", "list", env=env).stdout.splitlines()
    assert listed == ["alice\tadmin\tpassword", "vera\tviewer\tproxy only", "ana\tanalyst\tpassword"]
    refused = run_cli("users", "set-role", "alice", "viewer", env=env)
    assert refused.returncode == 1 and "last admin" in refused.stderr

    report = REPO / "data" / "reports"
    viewer = run_cli("ingest", str(report), "--as", "vera", env=env)
    assert viewer.returncode == 1 and "vera (viewer) may not upload" in viewer.stderr
    unknown = run_cli("ingest", str(report), "--as", "nobody", env=env)
    assert unknown.returncode == 1 and "no user 'nobody'" in unknown.stderr
    assert run_cli("ingest", str(report), "--as", "ana", env=env).returncode == 0

    store = Store.open(env["CLAIMMAP_DATABASE_URL"])
    assert set(store.reports()["uploaded_by"]) == {"ana"}
    from claimmap import audit

    log = audit.entries(store, User("alice", "admin"))
    assert [tuple(row) for row in log[["who", "action", "outcome"]].itertuples(index=False)][::-1] == [
        (store.user.name, "manage_users", "done")] * 3 + [("vera", "upload", "refused"), ("ana", "upload", "done")]
    store.close()


# -- managing users as an admin (the app's Users page and the CLI go through claimmap.useradmin) ---

def test_only_an_admin_changes_users_and_every_change_and_refusal_is_recorded(tmp_path, accounts):
    from claimmap import audit, useradmin
    from claimmap.roles import PermissionDenied

    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    root = store.acting_as(User("root", "admin"))
    with pytest.raises(ValueError, match="first user must be an admin"):
        useradmin.add(root, accounts, "ana", "analyst", "battery staple")
    assert useradmin.add(root, accounts, "root", "admin", "correct horse") == "added root as admin"
    assert useradmin.add(root, accounts, "ana", "analyst", useradmin.generated_password()) == "added ana as analyst"
    for forger in (User("ana", "analyst"), User("vera", "viewer")):  # a request the page never offered them
        for attempt in (lambda s: useradmin.add(s, accounts, "mallory", "admin", "mallory's password"),
                        lambda s: useradmin.set_role(s, accounts, forger.name, "admin"),
                        lambda s: useradmin.remove(s, accounts, "root")):
            with pytest.raises(PermissionDenied, match="may not manage users"):
                attempt(store.acting_as(forger))
    assert useradmin.listing(accounts).values.tolist() == [["root", "admin", "password"],
                                                           ["ana", "analyst", "password"]]
    assert useradmin.set_role(root, accounts, "ana", "viewer") == "ana is now viewer"
    assert useradmin.remove(root, accounts, "ana") == "removed ana"
    log = audit.entries(store, User("root", "admin"), actions=["manage_users"])[::-1]
    assert log[["who", "outcome"]].values.tolist()[:2] == [["root", "done"]] * 2
    assert log["outcome"].tolist()[2:8] == ["refused"] * 6 and set(log["who"][2:8]) == {"ana", "vera"}
    assert log["detail"].tolist()[-2:] == ["ana is now viewer", "removed ana"]
    store.close()


def test_a_signed_in_users_role_follows_the_accounts_file(accounts):
    users.add_user(accounts, "root", "admin", "correct horse")
    users.add_user(accounts, "ana", "analyst", "battery staple")
    signed_in = users.sign_in(config(accounts), "ana", "battery staple")
    users.set_role(accounts, "ana", "viewer")
    assert users.as_now(config(accounts), signed_in) == User("ana", "viewer")
    users.remove_user(accounts, "ana")
    assert users.as_now(config(accounts), signed_in) is None  # signed out at their next step
    proxy = config(accounts, CLAIMMAP_PROXY_HEADER="X-Forwarded-User")
    assert users.as_now(proxy, User("newcomer", "viewer")) == User("newcomer", "viewer")  # the default role
    local = User("me", "admin", local=True)
    assert users.as_now(config(accounts), local) == local
