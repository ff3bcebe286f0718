"""``eolist sources import-opml`` / ``export-opml`` round-trip a real reader's subscriptions."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli.main import cli
from pipeline.sources import parse_sources
from spiders.feeds import read_opml

SUBS = Path(__file__).resolve().parents[1] / "data" / "blog-feed" / "opml" / "Subs.opml"


def _run(tmp_path: Path, *args: str):
    config = tmp_path / "sources.toml"
    return CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(tmp_path / "x.db"), "sources", *args]
    )


def test_import_export_round_trip(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(
        '[[source]]\nname = "daring-fireball"\nkind = "blog-feed"\nurl = "http://other.test/feed"\n'
    )
    first = _run(tmp_path, "import-opml", str(SUBS))
    assert first.exit_code == 0, first.output
    original = read_opml(SUBS.read_bytes())
    sources = parse_sources(config.read_text())
    assert len(sources) == len(original) + 1
    assert len({s.name for s in sources}) == len(sources)  # a taken name got a suffix
    again = _run(tmp_path, "import-opml", str(SUBS))
    assert "added 0 feed sources" in again.output
    out = tmp_path / "out.opml"
    exported = _run(tmp_path, "export-opml", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    urls = [f.xml_url for f in read_opml(out.read_bytes())]
    assert urls == ["http://other.test/feed"] + [f.xml_url for f in original]


def test_bad_opml_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<html><body>not opml</body></html>")
    result = _run(tmp_path, "import-opml", str(bad))
    assert result.exit_code == 2 and "not an OPML document" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "sources.toml").exists()
