"""``python -m sampleweb [--port N] [--seed S] [--scale K]``: serve the sample web in the foreground."""

from __future__ import annotations

import argparse
import time

from sampleweb import SampleWeb


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sampleweb")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    with SampleWeb(seed=args.seed, scale=args.scale, port=args.port) as web:
        print(web.sources_toml())
        print(f"# serving {web.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
