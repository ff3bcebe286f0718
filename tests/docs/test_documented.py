"""Docs are tested: every command and every EOLIST_ setting the code reads is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ("cli", "ops", "flows", "spiders", "warehouse", "curation", "pipeline")


def docs_text() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def command_paths(group: click.Group, prefix: str = "eolist") -> list[str]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            out += command_paths(command, path)
        else:
            out.append(path)
    return out


def test_every_command_is_documented():
    text = docs_text()
    missing = [p for p in command_paths(cli) if p not in text]
    assert not missing, f"document these commands in README.md or docs/*.md: {missing}"


def every_command(group: click.Group, path: str = "eolist"):
    """(path, command) for the group itself and every command and subcommand under it."""
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from every_command(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def test_every_command_has_help_with_an_example():
    """``--help`` of every command and group, as a user sees it, shows an example of itself."""
    from click.testing import CliRunner

    runner = CliRunner()
    missing = []
    for path, _command in every_command(cli):
        result = runner.invoke(cli, [*path.split()[1:], "--help"])
        assert result.exit_code == 0, (path, result.output)
        example = result.output.partition("Example:")[2]
        words = " ".join(path.split()[1:])  # global options may come first: eolist --db X crawl
        if not any(line.strip().startswith("eolist") and words in line
                   for line in example.splitlines()):  # fmt: skip
            missing.append(path)
    assert not missing, f"--help without an example of the command itself: {missing}"


def test_every_setting_is_documented():
    names = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(re.findall(r"EOLIST_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    text = docs_text()
    missing = sorted(n for n in names if n not in text)
    assert not missing, f"document these settings in README.md or docs/*.md: {missing}"


def test_docs_stand_alone():
    """README and docs/ never point outside the repository, and docs/design.md describes
    every layer package."""
    text = docs_text()
    outside = re.findall(r"[(`\s]\.\./[\w./-]+", text)
    assert not outside, f"pointers outside the repository: {outside}"
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for package in ("pipeline", "spiders", "warehouse", "curation", "ops", "flows", "cli"):
        assert f"`{package}/`" in design, f"docs/design.md does not describe {package}/"
