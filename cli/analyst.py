"""``eolist query`` and ``eolist export``: the analyst's commands (thin: warehouse does the work)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

from cli.common import UsageProblem, current, friendly


@click.command()
@click.argument("sql", required=False)
@click.option("--named", "name", default=None, help="Run a named query (--list shows them).")
@click.option("--list", "list_named", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@friendly
def query(sql: str | None, name: str | None, list_named: bool, fmt: str) -> None:
    """Run read-only SQL on the warehouse (a statement that writes is refused).

    \b
    Example:
      eolist query "SELECT * FROM hr_jobs_weekly ORDER BY week DESC LIMIT 10"
      eolist query --named hr_weekly --format csv > weekly.csv
    """
    from warehouse import query as q

    queries = q.named()
    if list_named:
        for key in sorted(queries):
            first = queries[key].splitlines()[0].removeprefix("-- ")
            click.echo(f"{key:24} {first}")
        return
    if name:
        if name not in queries:
            raise UsageProblem(f"no named query {name!r}; known: {', '.join(sorted(queries))}")
        sql = queries[name]
    if not sql:
        raise UsageProblem('give the SQL to run, e.g. eolist query "SELECT count(*) FROM jobs"')
    result = q.run(current().db, sql)
    if fmt == "csv":
        sys.stdout.write(q.to_csv(result))
    elif fmt == "json":
        click.echo(q.to_json(result))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*result.columns, show_lines=False)
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
        click.echo(f"{len(result.rows)} row(s)", err=True)


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as e:
        raise UsageProblem(f"--since {value!r} is not a date like 2026-11-01") from e


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet"]), required=True,
              help="csv (with header), json (JSON Lines) or parquet (partitioned by month).")  # fmt: skip
@click.option(
    "--since", default=None, help="Only rows first seen on or after this date (YYYY-MM-DD)."
)
@click.option("--out", default="export", show_default=True, help="Folder to write into.")
@friendly
def export(fmt: str, since: str | None, out: str) -> None:
    """Export jobs, postings, versions, blog posts and sources for analysis.

    \b
    Example:
      eolist export --format parquet --since 2026-01-01 --out export/
    """
    from warehouse import export as ex
    from warehouse.db import session

    with session(current().db, read_only=True) as con:
        counts = ex.export(con, Path(out), fmt, _since(since))
    for table, n in counts.items():
        click.echo(f"{table:18} {n:>9,} rows")
    click.echo(f"written to {out}")


@click.command()
@click.option("--out", required=True, help="New folder to write (must not exist).")
@friendly
def snapshot(out: str) -> None:
    """Copy every table and view to Parquet plus a snapshot.sql, for long analyst sessions.

    The copy holds no lock on the warehouse, so crawls and loads go on while you work.

    \b
    Example:
      eolist snapshot --out ~/eolist-2026-12-07
      cd ~/eolist-2026-12-07 && duckdb -init snapshot.sql
    """
    from warehouse import snapshot as snap
    from warehouse.db import session

    with session(current().db, read_only=True) as con:
        done = snap.write(con, Path(out).expanduser())
    click.echo(f"{len(done.rows)} tables and views, {sum(done.rows.values()):,} rows,"
               f" {done.bytes:,} bytes written to {done.folder}")  # fmt: skip
    click.echo(f"open it with: cd {done.folder} && duckdb -init {snap.REOPEN_FILE}")
