"""The peer crawler of ``bench.bench_crawl_peers``: httpx + selectolax with asyncio.

``python -m bench.crawl_peer URL`` crawls the sample web's JSON-LD job site from its first
listing page ``URL`` (listing pages of 20 links, one detail page per posting) at eolist's
per-host concurrency, extracts and normalizes every posting as eolist does
(``spiders.jsonld.extract`` + ``pipeline.build.build_posting``), and prints one JSON line:
``{"pages": N, "postings": N, "seconds": S}`` (``S``: the crawl alone, inside the process).

It runs as a process of its own so that it is timed as eolist's crawl process is: from the
process's start, its imports and the gazetteer included, and beside the sample web's server
rather than sharing that server's interpreter. Only what the peer needs is imported here.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime

import httpx
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.build import build_posting
from spiders import jsonld
from spiders.settings import BASE

CONCURRENCY = int(BASE["CONCURRENT_REQUESTS_PER_DOMAIN"])


async def httpx_crawl(start: str) -> tuple[float, int, int]:
    """(seconds, postings, pages) of one crawl of the job site from ``start``."""
    now = datetime.now(UTC)
    sem = asyncio.Semaphore(CONCURRENCY)
    postings = pages = 0

    async def detail(client: httpx.AsyncClient, url: str) -> None:
        nonlocal postings, pages
        async with sem:
            r = await client.get(url)
        pages += 1
        tree = HTMLParser(r.content)
        for node in tree.css('script[type="application/ld+json"]'):
            wrapped = b'<script type="application/ld+json">' + node.text().encode() + b"</script>"
            for raw in jsonld.extract(url, wrapped):
                build_posting(raw, now)
                postings += 1

    t0 = time.perf_counter()
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        url: str | None = start
        tasks = []
        seen: set[str] = set()
        while url:
            r = await client.get(url)
            pages += 1
            tree = HTMLParser(r.content)
            for a in tree.css("a[href]"):
                href = a.attributes.get("href") or ""
                link = str(r.url.join(href)).split("#")[0]
                if "/jobsite/jobs/" in link and link not in seen:
                    seen.add(link)
                    tasks.append(asyncio.create_task(detail(client, link)))
            nxt = tree.css_first('a[rel="next"]')
            url = (
                str(r.url.join(nxt.attributes["href"]))
                if nxt and nxt.attributes.get("href")
                else None
            )
        await asyncio.gather(*tasks)
    return time.perf_counter() - t0, postings, pages


def main() -> None:
    seconds, postings, pages = asyncio.run(httpx_crawl(sys.argv[1]))
    print(json.dumps({"pages": pages, "postings": postings, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
