"""Entry point: `studio` / `python -m studio`. Builds the app (or the headless CLI), hands over."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) == 1:  # plain `studio`: the window
        from studio.qt.app import run

        return run()
    from studio.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
