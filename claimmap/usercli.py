"""`python -m claimmap users ...`: the accounts file's users and roles, from the command line.

The changes are `claimmap.useradmin`'s (as on the app's Users page), made and recorded in the
store's audit trail as the local user.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from claimmap.cliargs import UserError, open_store
from claimmap.roles import ROLE_HELP, ROLES


def _new_password(args: argparse.Namespace) -> str | None:
    """The new user's password: none for a proxy-only user; asked twice on a terminal, else
    the first line of standard input (for scripts)."""
    if args.no_password:
        return None
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != password:
        raise UserError("the two passwords differ")
    return password


def run(args: argparse.Namespace) -> int:
    """Manage the accounts file as the local user; each change is recorded in the store's audit trail."""
    from claimmap import useradmin, users  # Argon2 and the store: loaded only for this command

    try:
        config = users.AuthConfig.from_environment()
        if args.users_command == "list":
            for row in useradmin.listing(config.accounts_path).itertuples(index=False):
                print("\t".join(row))
            return 0
        store = open_store()
        if args.users_command == "add":
            done = useradmin.add(store, config.accounts_path, args.name, args.role, _new_password(args))
        elif args.users_command == "set-role":
            done = useradmin.set_role(store, config.accounts_path, args.name, args.role)
        else:
            done = useradmin.remove(store, config.accounts_path, args.name)
    except ValueError as error:
        raise UserError(str(error)) from None
    role = getattr(args, "role", None)
    print(f"{done} in {config.accounts_path}" + (f" ({role}: {ROLE_HELP[role]})" if role else ""))
    return 0


def add_parsers(commands) -> None:
    """`users add|list|set-role|remove`."""
    parser = commands.add_parser("users", help="manage the accounts file (users and their roles)")
    users_commands = parser.add_subparsers(dest="users_command", required=True)
    add = users_commands.add_parser("add", help="add a user (password asked, or the first line of stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--no-password", action="store_true",
                     help="a user who signs in through the reverse proxy only")
    users_commands.add_parser("list", help="list the users and their roles")
    set_role = users_commands.add_parser("set-role", help="change a user's role")
    set_role.add_argument("name")
    set_role.add_argument("role", choices=ROLES)
    remove = users_commands.add_parser("remove", help="remove a user")
    remove.add_argument("name")
    parser.set_defaults(run=run)
