"""``python -m calc_app``: the window; subcommands for the command line."""
import sys

from calc_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
