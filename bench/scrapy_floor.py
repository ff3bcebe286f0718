"""A bare Scrapy spider sending given conditional GETs: the floor under eolist's 304 pass.

``python -m bench.scrapy_floor REQUESTS.json [--tuned]`` where the file holds
``[[url, headers], ...]``. Nothing is done with a response but counting its status; prints
``{status: count}``. Two floors:

* stock: Scrapy as a user gets it (default settings, quiet log) with eolist's concurrency
  (32, 8 per host);
* ``--tuned``: eolist's own crawl settings (``spiders.settings``: no stats, unused components
  taken out, ...) without eolist's middlewares, extensions, pipelines and robots.txt: Scrapy
  made as cheap as eolist makes it, doing nothing of eolist's work.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import scrapy
from scrapy.crawler import CrawlerProcess


def main(path: str, tuned: bool) -> None:
    wanted = json.loads(Path(path).read_text())
    statuses: Counter[int] = Counter()

    class Floor(scrapy.Spider):
        name = "floor"

        async def start(self):  # type: ignore[override]
            for url, headers in wanted:
                meta = {"handle_httpstatus_all": True}
                yield scrapy.Request(url, headers=headers, meta=meta, callback=self.parse)

        def parse(self, response, **kwargs):  # type: ignore[override]
            statuses[response.status] += 1

    settings = {"LOG_LEVEL": "WARNING", "CONCURRENT_REQUESTS": 32,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "TELNETCONSOLE_ENABLED": False}  # fmt: skip
    if tuned:
        from spiders.settings import crawl_settings

        settings = crawl_settings(ROBOTSTXT_OBEY=False, AUTOTHROTTLE_ENABLED=False, EXTENSIONS={},
                                  DOWNLOADER_MIDDLEWARES={}, ITEM_PIPELINES={})  # fmt: skip
    process = CrawlerProcess(settings)
    process.crawl(Floor)
    process.start()
    print(json.dumps(dict(statuses)))


if __name__ == "__main__":
    main(sys.argv[1], "--tuned" in sys.argv[2:])
