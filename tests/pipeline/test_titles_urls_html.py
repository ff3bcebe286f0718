"""normalize_title, normalize_company, canonical_url, sanitize_html, html_to_text."""

from __future__ import annotations

import pytest

from pipeline.normalize import (
    canonical_url,
    html_to_text,
    normalize_company,
    normalize_title,
    sanitize_html,
    unescape_if_escaped,
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Senior HR Business Partner (m/f/d)", "senior hr business partner"),
        ("Recruiter (H/F)", "recruiter"),
        ("HR Manager (f/m/x)", "hr manager"),
        ("Personalreferent m/w/d", "personalreferent"),
        ("HR Generalist - Toronto, ON", "hr generalist"),
        ("HR Manager (Toronto)", "hr manager"),
        ("Payroll Specialist - Remote", "payroll specialist"),
        ("Payroll Specialist (Remote)", "payroll specialist"),
        ("Recruiter - Toronto - Hybrid", "recruiter"),
        ("REQ-12345 Talent Acquisition Partner", "talent acquisition partner"),
        ("Benefits Analyst | Req #4532", "benefits analyst"),
        ("Benefits Analyst (Job ID: 88231)", "benefits analyst"),
        ("HRBP - R0012345", "hrbp"),
        ("  HR   Advisor  ", "hr advisor"),
        ("Director - Total Rewards", "director - total rewards"),
        ("Manager, People & Culture", "manager, people & culture"),
        ("Chargé(e) de recrutement", "chargé de recrutement"),
        ("HR &amp; Payroll Lead", "hr & payroll lead"),
        ("", ""),
    ],
)
def test_normalize_title(title: str, expected: str) -> None:
    assert normalize_title(title) == expected
    assert normalize_title(expected) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Inc.", "acme"),
        ("ACME Corporation", "acme"),
        ("Acme Corp", "acme"),
        ("Shopify Inc", "shopify"),
        ("Deloitte LLP", "deloitte"),
        ("Siemens AG", "siemens"),
        ("SAP SE", "sap"),
        ("Zalando GmbH", "zalando"),
        ("Desjardins Ltée", "desjardins"),
        ("Loblaw Companies Limited", "loblaw companies"),
        ("The Home Depot", "home depot"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("Banque Nationale du Canada", "banque nationale du canada"),
        ("  ", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_company(name: str | None, expected: str | None) -> None:
    assert normalize_company(name) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://Boards.Greenhouse.io/acme/jobs/123?gh_src=abc&utm_source=x&b=2&a=1#frag",
            "https://boards.greenhouse.io/acme/jobs/123?a=1&b=2",
        ),
        (
            "https://acme.com/careers?gh_jid=4567&utm_medium=social",
            "https://acme.com/careers?gh_jid=4567",
        ),
        (
            "https://jobs.lever.co/acme/abc-123?lever-source=LinkedIn&lever-origin=applied",
            "https://jobs.lever.co/acme/abc-123",
        ),
        (
            "https://example.com/job/1?ref=indeed&source=feed&fbclid=x&gclid=y&msclkid=z",
            "https://example.com/job/1",
        ),
        ("https://example.com:443/job", "https://example.com/job"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected


def test_sanitize_html() -> None:
    dirty = (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> '
        '<a href="https://x.com" target="_blank">ok</a> <a href="mailto:hr@x.com">mail</a>'
        "<script>evil()</script><style>p{}</style><img src=x onerror=y><iframe></iframe></p>"
    )
    out = sanitize_html(dirty)
    assert "onclick" not in out and "javascript" not in out and "script" not in out
    assert "<img" not in out and "iframe" not in out and "p{}" not in out
    assert '<a href="https://x.com" rel="noopener nofollow">ok</a>' in out
    assert 'href="mailto:hr@x.com"' in out
    assert sanitize_html("&lt;p&gt;Escaped&lt;/p&gt;") == "<p>Escaped</p>"
    assert sanitize_html("") == "" and sanitize_html(None) == ""


def test_html_to_text() -> None:
    html = (
        "<h2>About</h2><p>We&rsquo;re hiring &amp; growing.</p>"
        "<ul><li>One</li><li>Two</li></ul><p>Line<br>break</p><script>x()</script>"
    )
    assert html_to_text(html) == "About\n\nWe’re hiring & growing.\n- One\n- Two\n\nLine\n\nbreak"
    escaped = "&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;&lt;p&gt;Second&lt;/p&gt;"
    assert html_to_text(escaped) == "Tom & Jerry\n\nSecond"
    assert html_to_text("") == "" and html_to_text(None) == ""
    assert html_to_text("plain text") == "plain text"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # Regular markup takes the one-pass route, the rest the rule-by-rule route: the same
        # text either way (expected values from the rule-by-rule version).
        ("a < b <li>c</li>", "a < b\n- c"),
        ("<p>x <b <p>y</p>", "x y"),
        ("<ul><li>One</li><LI class=x>Two</ul>", "- One\n- Two"),
        ("<SCRIPT>bad()</script><p>ok</p>", "ok"),
        ("<p>5 &lt; 6 &amp;&nbsp;7</p>", "5 < 6 & 7"),
        ("x <br", "x <br"),
        ("<p>A</p>\n\n\n<p>B</p>", "A\n\nB"),
        ("<\u017fcript>x()</\u017fcript>ok", "ok"),  # re.I folds the long s to "s"
    ],
)
def test_html_to_text_odd_markup(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_unescape_if_escaped_leaves_real_html_alone() -> None:
    assert unescape_if_escaped("<p>a &lt; b</p>") == "<p>a &lt; b</p>"
    assert unescape_if_escaped("&lt;p&gt;x&lt;/p&gt;") == "<p>x</p>"
    assert unescape_if_escaped("5 &lt; 6") == "5 &lt; 6"
