"""A digest in each format the list owner sends or posts: email HTML, Markdown, text, CSV, JSON.

Every scraped value is made inert for its format: autoescaped in HTML (Jinja2), escaped
Markdown syntax and percent-encoded link targets in Markdown, and a leading ``=``, ``+``,
``-``, ``@`` (tab, carriage return) quoted with ``'`` in CSV so a spreadsheet never runs it
as a formula (OWASP's CSV injection advice). Links are http(s) only (``fmt.safe_url``).
The RSS/Atom feed is in ``curation.feed``.

Every format speaks in her voice (``compose.Voice``): the title with a readable week ("Week of
November 23, 2026"), her tagline and intro above the jobs, her footer (forward, suggest a job,
unsubscribe) below, the time it went out in her zone. The CSV starts with a UTF-8 byte-order
mark: Excel reads a CSV without one in the machine's legacy code page, turning "Conseillère"
into "ConseillÃ¨re".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from curation.compose import Digest, DigestJob
from pipeline.safety import csv_cell

FORMATS = ("html", "md", "txt", "csv", "json")
_env = Environment(
    loader=PackageLoader("curation", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def html(d: Digest, fragment: bool = False) -> str:
    """Email-ready HTML (a whole document, or the inner table for a feed entry)."""
    return _env.get_template("digest_email.html.j2").render(d=d, fragment=fragment)


def _md(text: str | None) -> str:
    """Scraped text made inert in Markdown: no HTML, no link or emphasis syntax."""
    if not text:
        return ""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|!~":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _md_url(url: str) -> str:
    for ch, enc in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(ch, enc)
    return url


def _md_job(j: DigestJob) -> str:
    title = f"[{_md(j.title)}]({_md_url(j.apply_url)})" if j.apply_url else _md(j.title)
    line = f"- **{title}** — {_md(j.company or 'Employer not named')}, {_md(j.location)}"
    return line + (f" · {_md(j.salary)}" if j.salary else "")


def _count_line(d: Digest) -> str:
    posts = len(d.posts)
    tail = f" and {posts} post{'' if posts == 1 else 's'} from HR blogs" if posts else ""
    return f"{len(d.jobs)} HR job{'' if len(d.jobs) == 1 else 's'}{tail}."


def _intro(d: Digest) -> list[str]:
    """Tagline, intro, when it went out: the words above the jobs, each its own paragraph."""
    sent = f"Sent {d.published_local}." if d.published_at else ""
    return [t for t in (d.voice.tagline, d.voice.intro, _count_line(d), sent) if t]


def markdown(d: Digest) -> str:
    lines = [f"# {_md(d.title)}", ""]
    for t in _intro(d):
        lines += [_md(t), ""]
    if d.featured:
        lines += ["## Featured", ""] + [_md_job(j) for j in d.featured] + [""]
    for category, regions in d.sections():
        lines += [f"## {_md(category)}", ""]
        for region, jobs in regions:
            lines += [f"### {_md(region)}", ""] + [_md_job(j) for j in jobs] + [""]
    if d.posts:
        lines += ["## From the HR blogs", ""]
        for p in d.posts:
            title = f"[{_md(p.title)}]({_md_url(p.url)})" if p.url else _md(p.title)
            lines.append(f"- **{title}** — {_md(p.blog)}")
            if p.summary:
                lines.append(f"  {_md(p.summary)}")
        lines.append("")
    if d.voice.footer:
        lines += ["---", ""] + [x for t in d.voice.footer for x in (_md(t), "")]
    return "\n".join(lines).rstrip() + "\n"


def _txt_job(j: DigestJob) -> list[str]:
    out = [f"* {j.title}" + (" (featured)" if j.featured else "")]
    out.append(f"  {j.company or 'Employer not named'} - {j.location}")
    if j.salary:
        out.append(f"  {j.salary}")
    if j.apply_url:
        out.append(f"  {j.apply_url}")
    return out


def text(d: Digest) -> str:
    def heading(s: str, ch: str) -> list[str]:
        return [s, ch * len(s), ""]

    lines = heading(d.title, "=")
    for t in _intro(d):
        lines += [t, ""]
    if d.featured:
        lines += heading("Featured", "-")
        for j in d.featured:
            lines += _txt_job(j) + [""]
    for category, regions in d.sections():
        lines += heading(category, "-")
        for region, jobs in regions:
            lines += [f"[{region}]", ""]
            for j in jobs:
                lines += _txt_job(j) + [""]
    if d.posts:
        lines += heading("From the HR blogs", "-")
        for p in d.posts:
            lines += [f"* {p.title} ({p.blog or ''})"]
            lines += [f"  {p.summary}"] if p.summary else []
            lines += [f"  {p.url}", ""] if p.url else [""]
    if d.voice.footer:
        lines += ["--", ""] + [x for t in d.voice.footer for x in (t, "")]
    return "\n".join(lines).rstrip() + "\n"


def cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates (``pipeline.safety.csv_cell``, shared with the
    analyst's export)."""
    return csv_cell(value)


CSV_COLUMNS = ("kind", "position", "featured", "category", "region", "title", "company_or_blog",
               "location", "salary", "url", "summary")  # fmt: skip


BOM = "\ufeff"


def csv_text(d: Digest) -> str:
    """The list as a spreadsheet, opening right in Excel (a byte-order mark first)."""
    buf = io.StringIO()
    buf.write(BOM)
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for n, j in enumerate(d.jobs, start=1):
        row = ("job", n, "yes" if j.featured else "no", j.category, j.region, j.title,
               j.company, j.location, j.salary, j.apply_url, "")  # fmt: skip
        w.writerow([cell(v) for v in row])
    for n, p in enumerate(d.posts, start=1):
        row = ("blog_post", n, "", "", "", p.title, p.blog, "", "", p.url, p.summary)
        w.writerow([cell(v) for v in row])
    return buf.getvalue()


def as_dict(d: Digest) -> dict[str, Any]:
    def job(j: DigestJob) -> dict[str, Any]:
        return {k: getattr(j, k) for k in DigestJob.__dataclass_fields__}

    return {
        "digest_id": d.digest_id,
        "week": d.week,
        "title": d.title,
        "kind": d.kind,
        "heading": d.heading,
        "published_at": d.published_at.isoformat() if d.published_at else None,
        "jobs": [job(j) for j in d.jobs],
        "posts": [
            {
                "entry_key": p.entry_key,
                "title": p.title,
                "blog": p.blog,
                "url": p.url,
                "summary": p.summary,
                "featured": p.featured,
            }
            for p in d.posts
        ],  # fmt: skip
        "held_by_employer_cap": [job(j) for j in d.held],
    }


def json_text(d: Digest) -> str:
    return json.dumps(as_dict(d), ensure_ascii=False, indent=2) + "\n"


def render(d: Digest, fmt: str) -> str:
    if fmt == "html":
        return html(d)
    if fmt == "md":
        return markdown(d)
    if fmt == "txt":
        return text(d)
    if fmt == "csv":
        return csv_text(d)
    if fmt == "json":
        return json_text(d)
    raise ValueError(f"unknown digest format {fmt!r} (one of {', '.join(FORMATS)}, rss)")
