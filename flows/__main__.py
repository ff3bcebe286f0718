"""``python -m flows``: the eolist command line."""

from flows.cli import main

main()
