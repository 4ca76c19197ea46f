"""Entry point: `studio` / `python -m studio`. Builds the app (or the headless CLI), hands over."""

from __future__ import annotations

import sys


def main() -> int:
    from studio.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
