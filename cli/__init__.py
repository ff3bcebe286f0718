"""The ``eolist`` command line: click adapters only.

``cli.main`` is the root group; it imports the command modules (``cli.crawl``, ``cli.sources``
…) and adds their commands, never the reverse. What the commands share with one another
(``cli.common``: the one-line error wrapper, the resolved settings) lives below both, so no
command module imports ``cli.main``. The work itself is in ``ops`` (and the Prefect flows in
``flows``); a command parses options, calls one operation and prints its report.
"""
