"""``python -m sampleweb [--port N] [--seed S] [--scale K] [--jobsite-pages P] [--blog-feeds B]``.

Serves the sample web in the foreground on 127.0.0.1 and prints its sources TOML (redirect it
to a file to crawl the sample web with ``eolist --config FILE crawl``). ``--truth FILE`` also
writes the ground truth as JSON.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sampleweb import SampleWeb


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sampleweb", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--jobsite-pages", type=int, default=None)
    parser.add_argument("--blog-feeds", type=int, default=None)
    parser.add_argument("--truth", type=Path, default=None, help="write the ground truth here")
    args = parser.parse_args()
    web = SampleWeb(args.seed, args.scale, args.jobsite_pages, args.blog_feeds, port=args.port)
    with web:
        if args.truth:
            args.truth.write_text(web.truth_json(), encoding="utf-8")
        print(web.sources_toml())
        print(f"# serving {web.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
