"""``eolist sources add`` / ``check``: kind detection from the URL or the page, the table appended.

Pages are served by a local server; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from pipeline.sources import parse_sources
from spiders import detect
from tests.spiders.server import CaseServer


@pytest.mark.parametrize(
    ("url", "kind", "api", "name"),
    [
        ("https://boards.greenhouse.io/acme", "greenhouse",
         "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true", "acme"),
        ("https://job-boards.greenhouse.io/acme/jobs/123", "greenhouse",
         "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true", "acme"),
        ("https://jobs.lever.co/acme", "lever", "https://api.lever.co/v0/postings/acme?mode=json",
         "acme"),
        ("https://jobs.eu.lever.co/acme/", "lever",
         "https://api.eu.lever.co/v0/postings/acme?mode=json", "acme"),
        ("https://jobs.ashbyhq.com/Acme", "ashby",
         "https://api.ashbyhq.com/posting-api/job-board/Acme?includeCompensation=true", "acme"),
        ("https://jobs.smartrecruiters.com/Knight", "smartrecruiters",
         "https://api.smartrecruiters.com/v1/companies/Knight/postings", "knight"),
        ("https://apply.workable.com/zaelab/", "workable",
         "https://apply.workable.com/api/v1/widget/accounts/zaelab", "zaelab"),
        ("https://acme.recruitee.com/", "recruitee", "https://acme.recruitee.com/api/offers/",
         "acme"),
        ("https://acme.jobs.personio.de/", "personio",
         "https://acme.jobs.personio.de/xml?language=en", "acme"),
        ("https://acme.teamtailor.com/jobs", "teamtailor", "https://acme.teamtailor.com/jobs.json",
         "acme"),
        ("https://bank.wd3.myworkdayjobs.com/en-US/External", "workday",
         "https://bank.wd3.myworkdayjobs.com/wday/cxs/bank/External/jobs", "bank-external"),
    ],
)  # fmt: skip
def test_known_addresses(url: str, kind: str, api: str, name: str) -> None:
    found = detect.from_url(url)
    assert found is not None, url
    assert (found.kind, found.url, found.name) == (kind, api, name)


def test_unknown_address_is_none() -> None:
    assert detect.from_url("https://careers.example.org/jobs") is None
    assert detect.from_url("https://boards.greenhouse.io/") is None


RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>'
       b"<item><title>Payroll Coordinator</title><link>https://example.test/j/1</link>"
       b"<description>Full-time. Apply by Friday.</description></item>"
       b"<item><title>HR Advisor</title><link>https://example.test/j/2</link>"
       b"<description>Qualifications: three years. Apply online.</description></item>"
       b"</channel></rss>")  # fmt: skip
ALTERNATE = (b'<html><head><link rel="alternate" type="application/rss+xml" href="/jobs.rss">'
             b"</head><body>Jobs</body></html>")  # fmt: skip
POSTING = (b'<html><head><script type="application/ld+json">{"@context": "https://schema.org",'
           b' "@type": "JobPosting", "title": "HR Advisor"}</script></head></html>')  # fmt: skip
PLAIN = b"<html><body><h1>Welcome</h1></body></html>"


@pytest.fixture(scope="module")
def web():
    routes = {}
    for path, body, ctype in [
        ("/feed.xml", RSS, "application/rss+xml"),
        ("/careers", ALTERNATE, "text/html"),
        ("/jobs.rss", RSS, "application/rss+xml"),
        ("/jobs/hr-advisor", POSTING, "text/html"),
        ("/about", PLAIN, "text/html"),
    ]:
        routes[("", "GET", path, b"")] = (200, body, ctype)
    server = CaseServer(routes)
    # urllib sends Host: 127.0.0.1:PORT; route on that
    with server:
        host = server.base_url.removeprefix("http://")
        server.routes = {(host, *k[1:]): v for k, v in routes.items()}
        yield server


def run_cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``eolist --config CONFIG sources ARGS`` in this process (click's runner): exit code and
    output as a subprocess would give them, without paying the start-up of one."""
    from click.testing import CliRunner

    from cli.main import cli

    result = CliRunner().invoke(cli, ["--config", str(config), "sources", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def test_add_from_pages(web: CaseServer, tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    original = '# my sources\n\n[[source]]\nname = "old"  # keep me\nkind = "lever"\n'
    original += 'url = "https://api.lever.co/v0/postings/old?mode=json"\n'
    config.write_text(original)
    base = web.base_url
    for path in ("/feed.xml", "/careers", "/jobs/hr-advisor"):
        proc = run_cli(config, "add", base + path)
        assert proc.returncode == 0, proc.stderr
    text = config.read_text()
    assert text.startswith(original), "the existing text must be kept as it was"
    sources = parse_sources(text)
    assert [(s.kind, s.url) for s in sources[1:]] == [
        ("job-feed", base + "/feed.xml"),
        ("job-feed", base + "/jobs.rss"),
        ("jsonld", base + "/jobs/hr-advisor"),
    ]
    assert len({s.name for s in sources}) == 4


def test_add_unknown_page_exits_2(web: CaseServer, tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text("")
    proc = run_cli(config, "add", web.base_url + "/about")
    assert proc.returncode == 2
    assert "cannot tell the kind" in proc.stderr and "Traceback" not in proc.stderr
    assert config.read_text() == ""


def test_add_dry_run_and_overrides(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    proc = run_cli(config, "add", "https://boards.greenhouse.io/acme", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    table = tomllib.loads(proc.stdout)["source"][0]
    assert table == {
        "name": "acme",
        "kind": "greenhouse",
        "url": "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true",
    }
    assert not config.exists(), "--dry-run writes nothing"
    proc = run_cli(config, "add", "https://jobs.lever.co/acme", "--name", "acme-lever",
                   "--company", "Acme")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(config, "add", "https://jobs.lever.co/acme")
    assert proc.returncode == 2 and "already configured" in proc.stderr
    proc = run_cli(config, "add", "https://jobs.lever.co/other", "--name", "acme-lever")
    assert proc.returncode == 2 and "already exists" in proc.stderr
    (source,) = parse_sources(config.read_text())
    assert (source.name, source.kind, source.company) == ("acme-lever", "lever", "Acme")


def test_check_reports_the_crawl(web: CaseServer, tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(f'[[source]]\nname = "posting"\nkind = "jsonld"\nurl = "{web.base_url}'
                      '/jobs/hr-advisor"\n')  # fmt: skip
    proc = run_cli(config, "check", "posting")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "posting (jsonld): ok, complete; 1 pages, 1 kept" in proc.stdout
    assert "HR Advisor" in proc.stdout
    proc = run_cli(config, "check", "nope")
    assert proc.returncode == 2 and "no source named 'nope'" in proc.stderr
