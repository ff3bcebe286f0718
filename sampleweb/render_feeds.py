"""Feeds as bytes: the RSS job feed, Blogger-style Atom blogs and WordPress-style RSS blogs.

The job feed is We Work Remotely style: one ``<item>`` per job titled "Company: Title", a
tracking-tagged link, an opaque ``guid``, ``<region>`` and ``<category>``. Blogger feeds page
with ``start-index``/``max-results`` and ``<link rel="next">`` and report
``openSearch:totalResults``; WordPress feeds page with ``?paged=N`` and answer 404 past the
last page (as WordPress does), with ``content:encoded``, ``dc:creator`` and categories.
"""

from __future__ import annotations

import zlib
from datetime import UTC
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from sampleweb import ids
from sampleweb.generate import World
from sampleweb.text import EPOCH, BlogPost

WP_PAGE = 10  # WordPress's default posts_per_rss


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(job_or_post_time) -> str:  # type: ignore[no-untyped-def]
    return format_datetime(job_or_post_time.astimezone(UTC), usegmt=True)


def job_feed(world: World, base: str) -> bytes:
    items = []
    for j in filter(world.is_open, world.jobfeed):
        link = ids.jobfeed_url(base, j) + ids.TRACKING["jobfeed"]
        region = f"Anywhere in {j.city.country_name}" if j.workplace == "remote" else j.city.long
        desc = f"<p><strong>Headquarters:</strong> {escape(j.city.long)}</p>{j.description}"
        items.append(
            "<item>"
            f"<title>{escape(j.company.name)}: {escape(j.title)}</title>"
            f"<region>{escape(region)}</region>"
            f"<category>{'Human Resources' if j.hr else escape(j.team)}</category>"
            f"<type>{escape(j.employment[1])}</type>"
            f"<description>{escape(desc)}</description>"
            f"<pubDate>{_rfc822(j.posted)}</pubDate>"
            f'<guid isPermaLink="false">{ids.jobfeed_guid(j)}</guid>'
            f"<link>{escape(link)}</link>"
            "</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>'
        f"<title>Maple Remote and Canadian Jobs</title><link>{base}/jobfeed/</link>"
        f'<atom:link href="{base}/jobfeed/rss" rel="self" type="application/rss+xml"/>'
        "<description>The latest jobs, HR and otherwise</description><language>en-ca</language>"
        f"<ttl>60</ttl>\n{''.join(items)}</channel>\n</rss>\n"
    ).encode()


def blog_title(blog: str) -> str:
    return blog.replace("-", " ").title().replace("Hr ", "HR ")


def post_url(base: str, world: World, post: BlogPost) -> str:
    d = post.published
    if world.blog_kind(post.blog) == "blogger":
        return f"{base}/blogger/{post.blog}/{d:%Y}/{d:%m}/{post.slug}.html"
    return f"{base}/wp/{post.blog}/{d:%Y}/{d:%m}/{d:%d}/{post.slug}/"


def blogger_feed(world: World, base: str, blog: str, start: int, size: int) -> bytes:
    posts = world.blog_posts(blog)
    start, size = max(start, 1), max(1, min(size, 500))
    chunk = posts[start - 1 : start - 1 + size]
    blog_id = zlib.crc32(f"{world.seed}:{blog}".encode())
    feed_url = f"{base}/blogger/{blog}/feeds/posts/default"
    links = [
        f"<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='{feed_url}'/>",
        f"<link rel='self' type='application/atom+xml' href={quoteattr(f'{feed_url}?start-index={start}&max-results={size}')}/>",
        f"<link rel='alternate' type='text/html' href='{base}/blogger/{blog}/'/>",
    ]
    if start - 1 + size < len(posts):
        nxt = f"{feed_url}?start-index={start + size}&max-results={size}"
        links.append(f"<link rel='next' type='application/atom+xml' href={quoteattr(nxt)}/>")
    entries = []
    for p in chunk:
        cats = "".join(
            f"<category scheme='http://www.blogger.com/atom/ns#' term={quoteattr(c)}/>"
            for c in p.categories
        )
        entries.append(
            f"<entry><id>tag:blogger.com,1999:blog-{blog_id}.post-{blog_id % 9973}{p.n}</id>"
            f"<published>{p.published.isoformat()}</published><updated>{p.published.isoformat()}</updated>"
            f"{cats}<title type='text'>{escape(p.title)}</title>"
            f"<content type='html'>{escape(p.body)}</content>"
            f"<link rel='alternate' type='text/html' href='{post_url(base, world, p)}' title={quoteattr(p.title)}/>"
            f"<author><name>{escape(p.author)}</name></author></entry>\n"
        )
    updated = (posts[0].published if posts else EPOCH).isoformat()
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
        "xmlns:gd='http://schemas.google.com/g/2005'>"
        f"<id>tag:blogger.com,1999:blog-{blog_id}</id><updated>{updated}</updated>"
        f"<title type='text'>{escape(blog_title(blog))}</title>"
        f"<subtitle type='html'>Notes for busy HR teams</subtitle>{''.join(links)}"
        "<author><name>HR Team</name></author><generator version='7.00' uri='http://www.blogger.com'>Blogger</generator>"
        f"<openSearch:totalResults>{len(posts)}</openSearch:totalResults>"
        f"<openSearch:startIndex>{start}</openSearch:startIndex>"
        f"<openSearch:itemsPerPage>{size}</openSearch:itemsPerPage>\n{''.join(entries)}</feed>\n"
    ).encode()


def wordpress_feed(world: World, base: str, blog: str, paged: int) -> bytes | None:
    posts = world.blog_posts(blog)
    chunk = posts[(paged - 1) * WP_PAGE : paged * WP_PAGE] if paged >= 1 else []
    if not chunk:
        return None
    home = f"{base}/wp/{blog}"
    self_url = f"{home}/feed/" + (f"?paged={paged}" if paged > 1 else "")
    items = []
    for p in chunk:
        cats = "".join(f"<category>{_cdata(c)}</category>" for c in p.categories)
        excerpt = p.body.split("</p>")[0].removeprefix("<p>") + " [&#8230;]"
        items.append(
            f"<item><title>{escape(p.title)}</title><link>{post_url(base, world, p)}</link>"
            f"<dc:creator>{_cdata(p.author)}</dc:creator><pubDate>{_rfc822(p.published)}</pubDate>"
            f'{cats}<guid isPermaLink="false">{home}/?p={p.n}</guid>'
            f"<description>{_cdata(excerpt)}</description>"
            f"<content:encoded>{_cdata(p.body)}</content:encoded></item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n'
        f"<channel><title>{escape(blog_title(blog))}</title>"
        f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml" />'
        f"<link>{home}/</link><description>People, policy and practice</description>"
        f"<lastBuildDate>{_rfc822(posts[0].published)}</lastBuildDate><language>en-CA</language>"
        "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>"
        f"<generator>https://wordpress.org/?v=6.8.1</generator>\n{''.join(items)}</channel></rss>\n"
    ).encode()
