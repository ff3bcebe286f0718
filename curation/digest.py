"""The weekly digest (skeleton: a Markdown list of open HR jobs and recent blog posts)."""

from __future__ import annotations

import duckdb


def _md(text: str | None) -> str:
    """Scraped text made inert in Markdown: no HTML, no link or emphasis syntax."""
    if not text:
        return ""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def render_markdown(
    con: duckdb.DuckDBPyConnection, title: str = "Employment Opportunities List"
) -> str:
    jobs = con.execute(
        "SELECT title, company, location_city, location_region, salary_min, salary_max,"
        " salary_currency, salary_period, url, hr_category FROM open_jobs"
        " WHERE hr_category IS NOT NULL ORDER BY hr_category, company, title"
    ).fetchall()
    posts = con.execute(
        "SELECT title, blog_title, url FROM blog_posts ORDER BY published_at DESC NULLS LAST LIMIT 20"
    ).fetchall()
    lines = [f"# {title}", "", f"{len(jobs)} open HR jobs.", ""]
    current = None
    for t, company, city, region, smin, smax, cur, period, url, cat in jobs:
        if cat != current:
            current = cat
            lines += ["", f"## {cat.replace('_', ' ').title()}", ""]
        where = ", ".join(x for x in (city, region) if x)
        pay = ""
        if smin or smax:
            pay = f" · {cur or ''} {smin or ''}–{smax or ''}/{(period or '').lower()}"
        lines.append(f"- [{_md(t)}]({url}) — {_md(company)}, {_md(where)}{pay}")
    lines += ["", "## From the HR blogs", ""]
    for t, blog, url in posts:
        lines.append(f"- [{_md(t)}]({url or ''}) — {_md(blog)}")
    return "\n".join(lines) + "\n"
