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


def test_every_command_has_help_with_an_example():
    def walk(group: click.Group):
        for command in group.commands.values():
            if isinstance(command, click.Group):
                yield from walk(command)
            else:
                yield command

    bare = [c.name for c in walk(cli) if not (c.help or "").strip()]
    assert not bare, f"commands without help text: {bare}"


def test_every_setting_is_documented():
    names = set()
    for folder in CODE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(re.findall(r"EOLIST_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    text = docs_text()
    missing = sorted(n for n in names if n not in text)
    assert not missing, f"document these settings in README.md or docs/*.md: {missing}"
