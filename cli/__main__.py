"""``python -m cli``: the eolist command line."""

from cli.main import main

main()
