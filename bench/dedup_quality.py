"""``python -m bench.dedup_quality``: the benchmarks' name for ``ops.dedup_quality`` (which
``eolist dedupe quality`` runs too; it ships in the package, so the command needs no checkout).
"""

import sys

from ops.dedup_quality import main

if __name__ == "__main__":
    sys.exit(main())
