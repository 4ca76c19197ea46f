"""`studio token set|forget WHERE`: a platform's token or keys, kept in the system keyring
(asked for at a terminal, or read line by line from a pipe; never on the command line). What
each platform keeps is its own description's (`studio.app.platforms`, its `TokenForm`)."""

from __future__ import annotations

import argparse
import sys

from studio.app.logs import setup_logging
from studio.app.platforms import token_usage
from studio.cli.terminal import Subcommands, fail
from studio.core.messages import Message


def add_parser(sub: Subcommands[argparse.ArgumentParser]) -> None:
    token = sub.add_parser("token", help="keep a platform token in the system keyring")
    token.add_argument("action", choices=["set", "forget"])
    token.add_argument(
        "url",
        help=token_usage(),
    )
    token.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    setup_logging(args.verbose)
    return cmd_token(args)


def cmd_token(args: argparse.Namespace) -> int:
    """`studio token set|forget NAME`: what NAME's platform keeps (its `TokenForm`) asked for
    (at a terminal by its prompts, hidden where secret; from a pipe one per line), checked,
    and kept in the keyring; or forgotten."""
    import getpass

    from studio.app.errors import ConfigError
    from studio.app.platforms import CredentialError, token_form

    try:
        form = token_form(args.url)
    except ConfigError as exc:
        fail(exc)
        return 2
    try:
        if args.action == "forget":
            found = [secret.forget() for secret in form.secrets]
            print(Message("cli.token_forgotten" if any(found) else "cli.token_none"))
            return 0
        values = {}
        for secret in form.secrets:
            if sys.stdin.isatty():
                ask = getpass.getpass if secret.hidden else input
                values[secret.name] = ask(str(secret.prompt)).strip()
            else:
                values[secret.name] = sys.stdin.readline().strip()
        if any(secret.required and not values[secret.name] for secret in form.secrets):
            fail(form.missing)
            return 2
        wrong = form.check(values)
        if wrong is not None:
            fail(wrong)
            return 2
        for secret in form.secrets:
            if values[secret.name]:
                secret.store(values[secret.name])
    except CredentialError as exc:
        fail(exc)
        return 2
    print(form.kept(values))
    return 0
