"""A broken sources.toml exits 2 with one line naming the file, the source and the problem."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.sources import ConfigError, parse_sources

GOOD = """
[crawl]
contact = "https://example.test/about"

[[source]]
name = "acme"
kind = "greenhouse"
url = "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
country = "ca"
"""

CASES = [
    ("bad toml", "[[source]\nname = 1", "not valid TOML"),
    (
        "unknown kind",
        '[[source]]\nname = "x"\nkind = "monster"\nurl = "https://a.test/"',
        "unknown kind 'monster'",
    ),
    ("missing url", '[[source]]\nname = "x"\nkind = "lever"', "missing 'url'"),
    (
        "duplicate name",
        '[[source]]\nname = "x"\nkind = "lever"\nurl = "https://a.test/"\n'
        '[[source]]\nname = "x"\nkind = "lever"\nurl = "https://b.test/"',
        "duplicate name",
    ),
    ("bad url", '[[source]]\nname = "x"\nkind = "lever"\nurl = "ftp://a.test/"', "http or https"),
    (
        "unknown key",
        '[[source]]\nname = "x"\nkind = "lever"\nurl = "https://a.test/"\nurll = 1',
        "unknown key 'urll'",
    ),
    (
        "wrong type",
        '[[source]]\nname = "x"\nkind = "lever"\nurl = "https://a.test/"\nmax_pages = "3"',
        "'max_pages' must be a int",
    ),
]


def test_good_config_parses():
    (source,) = parse_sources(GOOD, "s.toml")
    assert source.name == "acme" and source.country == "CA" and source.hr_only is True


@pytest.mark.parametrize("label,text,message", CASES, ids=[c[0] for c in CASES])
def test_bad_config_names_file_and_problem(label, text, message):
    with pytest.raises(ConfigError) as info:
        parse_sources(text, "conf/s.toml")
    assert str(info.value).startswith("conf/s.toml")
    assert message in str(info.value)
    if label not in ("bad toml",):
        assert "source" in str(info.value)


def test_duplicate_points_at_a_line():
    text = CASES[3][1]
    with pytest.raises(ConfigError, match=r"s\.toml:\d+: source 'x'"):
        parse_sources(text, "s.toml")


@pytest.mark.parametrize("label,text,message", CASES[:3], ids=[c[0] for c in CASES[:3]])
def test_cli_exits_2_with_one_line(tmp_path, label, text, message):
    config = tmp_path / "sources.toml"
    config.write_text(text)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "--config",
            str(config),
            "--db",
            str(tmp_path / "x.duckdb"),
            "crawl",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    assert str(config) in lines[0] and message in lines[0]
    assert "Traceback" not in proc.stderr


def test_cli_missing_config_file(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "cli", "--config", str(tmp_path / "nope.toml"), "crawl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "no such sources file" in proc.stderr and "Traceback" not in proc.stderr
