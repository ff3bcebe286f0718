"""Everything written: pay as a posting writes it, job descriptions, HR blog posts.

All of it is assembled from the templates in ``sampleweb.vocab`` with a seeded
``random.Random``; nothing is copied from real postings or blogs.
"""

from __future__ import annotations

import os
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from html import escape

from sampleweb import vocab
from sampleweb.vocab import City


def web_now() -> datetime:
    """The generated web's "now": postings and posts are dated in the weeks before it.

    ``EOLIST_SAMPLEWEB_NOW`` (ISO 8601) when set -- a test session sets it once so the servers
    and crawls it starts agree --, else the start of today (UTC): the web is always current for
    whoever crawls it, whatever the year, so nothing in it expires under a real clock and the
    demo's list has this week's posts. The same ``now`` and seed give the same web.
    """
    text = os.environ.get("EOLIST_SAMPLEWEB_NOW", "").strip()
    if text:
        when = datetime.fromisoformat(text)
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


EPOCH = web_now()  # "now" for the generated web (fixed for the life of the process)


@lru_cache(maxsize=65536)  # titles and cities repeat: most slugs are cache hits
def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Salary:
    low: float
    high: float
    currency: str
    period: str  # YEAR | HOUR
    text: str  # as written in the description
    structured: bool  # also given in the API's / JSON-LD's own pay fields


@dataclass(frozen=True)
class BlogPost:
    blog: str
    n: int
    title: str
    author: str
    published: datetime
    categories: tuple[str, ...]
    body: str

    @property
    def slug(self) -> str:
        return f"{slugify(self.title)}-{self.n}"


def salary(rng: random.Random, title: str, country: str, part_time: bool) -> Salary | None:
    if rng.random() < 0.3:
        return None
    cur = vocab.CURRENCY[country]
    sign = vocab.CURRENCY_SIGN[cur]
    if part_time or rng.random() < 0.15:
        low = rng.randrange(1800, 4200, 25) / 100
        high = low + rng.choice([0, 2, 4.5, 6])
        text = (
            f"{sign}{low:.2f}/hour"
            if high == low
            else f"{sign}{low:.2f} - {sign}{high:.2f} per hour"
        )
        return Salary(low, high, cur, "HOUR", text, rng.random() < 0.6)
    low = (
        rng.randrange(48, 130)
        * 1000
        * (1.35 if title.startswith(("Senior", "Lead", "Director", "Chief")) else 1)
    )
    low = round(low, -3)
    high = low + rng.randrange(8, 35) * 1000
    fmt = rng.randrange(4)
    if fmt == 0:
        text = f"{sign}{low:,.0f} - {sign}{high:,.0f} per year"
    elif fmt == 1:
        text = f"{sign}{low / 1000:.0f}K–{sign}{high / 1000:.0f}K annually"
    elif fmt == 2:
        text = f"{cur} {low:,.0f} to {high:,.0f}"
    else:
        text = f"{sign}{low:,.0f} to {sign}{high:,.0f} per annum, plus benefits"
    return Salary(low, high, cur, "YEAR", text, rng.random() < 0.6)


def _sentence(text: str) -> str:
    return escape(text[0].upper() + text[1:]) + "."


def describe(
    rng: random.Random,
    company_name: str,
    title: str,
    city: City,
    hr: bool,
    team: str,
    salary: Salary | None,
    workplace: str = "onsite",
) -> str:
    """A posting's description HTML: intro, duties, requirements, place, pay."""
    intro = rng.choice(vocab.INTROS).format(
        company=company_name, title=title, team=team, city=city.name
    )
    duties = rng.sample(vocab.HR_DUTIES if hr else vocab.OTHER_DUTIES, rng.randint(3, 4))
    needs = [r.format(years=rng.randint(2, 8)) for r in rng.sample(vocab.REQUIREMENTS, 3)]
    parts = [
        f"<p>{escape(intro)}</p>",
        "<h3>What you will do</h3><ul>"
        + "".join(f"<li>{_sentence(d)}</li>" for d in duties)
        + "</ul>",
        "<h3>What you bring</h3><ul>"
        + "".join(f"<li>{_sentence(r)}</li>" for r in needs)
        + "</ul>",
        f"<p>{escape(vocab.WORKPLACE_LINES[workplace].format(city=city.name, country=city.country_name))}</p>",
    ]
    if salary is not None:
        parts.append(f"<p>Compensation: {escape(salary.text)}.</p>")
    return "".join(parts)


@lru_cache(maxsize=2048)
def blog_posts(seed: int, blog: str, index: int) -> list[BlogPost]:
    rng = random.Random(f"sampleweb:{seed}:blog:{blog}")
    count = (14, 12)[index] if index < 2 else rng.randint(5, 15)
    posts = []
    for n in range(count):
        topic = rng.choice(vocab.BLOG_TOPICS)
        title = rng.choice(vocab.BLOG_TITLES).format(
            n=rng.randint(3, 7), topic=topic, Topic=topic[0].upper() + topic[1:]
        )
        sentences = [s.format(topic=topic) for s in rng.sample(vocab.BLOG_SENTENCES, 6)]
        body = "".join(f"<p>{' '.join(sentences[k : k + 2])}</p>" for k in range(0, 6, 2))
        published = EPOCH - timedelta(
            days=n * 3 + index % 3, hours=rng.randrange(24), minutes=rng.randrange(60)
        )
        posts.append(
            BlogPost(
                blog,
                1000 + n,
                title,
                rng.choice(vocab.AUTHORS),
                published,
                ("HR", topic.title()),
                body,
            )
        )
    return posts
