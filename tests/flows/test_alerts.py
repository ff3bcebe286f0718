"""Alerting through Prefect, tested against the session's real server: a crawl run with a
failing source ends **Degraded**, sends its events, and docs/operations.md's Automation recipe,
created with ``prefect automation create --from-file`` as the docs say, notifies twice (the
degraded run; the source failing for "3 days", shortened to 10 s) through a notification
block posting to a local HTTP server."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("harness")]
DEAD = "gh-alerted-gone"


def recipe() -> str:
    """The ``automations:`` YAML block of docs/operations.md, as an operator copies it."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "automations:" in b]
    return block


class Hook:
    """A webhook receiver on 127.0.0.1: what the notification block posts, in order."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                posts.append(json.loads(body or b"{}"))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"

    def wait_for(self, pattern: str, timeout: float) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [p for p in self.posts if re.search(pattern, p.get("subject", ""))]
            if found:
                return found
            time.sleep(0.5)
        return []


def test_degraded_run_and_the_automation_recipe_fire(prefect_server, sample_toml, tmp_path):
    from prefect.automations import Automation
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    from flows.crawl import crawl_flow
    from flows.serve import free_port

    hook = Hook()
    block = CustomWebhookNotificationBlock(
        name="eolist-test", url=hook.url,
        json_data={"subject": "{{subject}}", "body": "{{body}}"},
    )  # fmt: skip
    block_id = block.save("eolist-alerts-test", overwrite=True)
    text = recipe().replace("BLOCK_ID", str(block_id))
    assert "within: 259200" in text  # the docs promise 3 days; the test cannot wait that long
    (tmp_path / "eolist-automations.yaml").write_text(text.replace("within: 259200", "within: 10"))
    prefect_server.cli(
        "automation", "create", "--from-file", str(tmp_path / "eolist-automations.yaml")
    )
    names = ["eolist source failing for 3 days", "eolist crawl run degraded"]
    try:
        time.sleep(3)  # the server's trigger service loads new automations on its own beat
        config = tmp_path / "sources.toml"
        url = f"http://127.0.0.1:{free_port()}/greenhouse/v1/boards/x/jobs"
        config.write_text(
            sample_toml.read_text()
            + f'\n[[source]]\nname = "{DEAD}"\nkind = "greenhouse"\nurl = "{url}"\n'
        )

        state = crawl_flow(
            config=str(config), db=str(tmp_path / "e.duckdb"), sources=["jobfeed", DEAD],
            return_state=True,
        )  # fmt: skip

        assert state.is_completed() and state.name == "Degraded", (state.name, state.message)
        assert state.message.startswith("degraded: 2 sources tried: 1 ok, 1 failed")
        report = state.result()
        assert {r["source_name"]: r["status"] for r in report.sources} == {
            "jobfeed": "ok",
            DEAD: "failed",
        }
        run = hook.wait_for(r"^eolist: crawl run .* Degraded$", 60)
        assert run and "1 failed" in run[0]["body"], hook.posts
        source = hook.wait_for(rf"^eolist: source {DEAD} failing for 3 days$", 90)
        assert source and "refused" in source[0]["body"], hook.posts
        # the source that answered ok opened no window: nothing about it
        assert not [p for p in hook.posts if "jobfeed" in p.get("subject", "")], hook.posts
    finally:
        for name in names:  # later tests' runs must not notify a dead hook
            Automation.read(name=name).delete()
        hook.server.shutdown()
