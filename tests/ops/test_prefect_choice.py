"""Whether a foreground run goes through Prefect (``ops.env.flows_through_prefect``): only when a
Prefect server is configured where Prefect itself would look for one; ``EOLIST_PREFECT``
decides otherwise. Real files in a temporary folder, a clean environment per test."""

from __future__ import annotations

import pytest

from ops import env

URL = "http://127.0.0.1:4200/api"


@pytest.fixture
def clean(tmp_path, monkeypatch):
    for key in ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH", "EOLIST_PREFECT"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_nothing_configured_runs_without_prefect(clean):
    (clean / "home").mkdir()
    (clean / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert env.api_url() is None
    assert env.flows_through_prefect() is False


def test_environment(clean, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", URL)
    assert env.api_url() == URL and env.flows_through_prefect() is True


def test_dotenv_in_the_working_folder(clean):
    (clean / ".env").write_text("# settings\nexport PREFECT_API_URL='http://127.0.0.1:4200/api'\n")
    assert env.api_url() == URL


def test_prefect_toml_and_pyproject(clean):
    (clean / "prefect.toml").write_text(f'[api]\nurl = "{URL}"\n')
    assert env.api_url() == URL
    (clean / "prefect.toml").unlink()
    (clean / "pyproject.toml").write_text(f'[tool.prefect.api]\nurl = "{URL}"\n')
    assert env.api_url() == URL


def test_active_profile_only(clean, monkeypatch):
    (clean / "home").mkdir()
    (clean / "home" / "profiles.toml").write_text(
        f'active = "local"\n\n[profiles.local]\n\n[profiles.server]\nPREFECT_API_URL = "{URL}"\n'
    )
    assert env.api_url() is None  # the profile that names a server is not the active one
    monkeypatch.setenv("PREFECT_PROFILE", "server")
    assert env.api_url() == URL
    monkeypatch.delenv("PREFECT_PROFILE")
    other = clean / "elsewhere.toml"
    other.write_text(f'active = "s"\n[profiles.s]\nPREFECT_API_URL = "{URL}"\n')
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(other))
    assert env.api_url() == URL


def test_unreadable_files_are_not_a_server(clean):
    (clean / "prefect.toml").write_text("[api\nurl = ")
    (clean / "home").mkdir()
    (clean / "home" / "profiles.toml").write_bytes(b"\xff\xfe not toml")
    assert env.api_url() is None


def test_eolist_prefect_decides(clean, monkeypatch):
    monkeypatch.setenv("EOLIST_PREFECT", "always")
    assert env.flows_through_prefect() is True
    monkeypatch.setenv("PREFECT_API_URL", URL)
    monkeypatch.setenv("EOLIST_PREFECT", "Never")
    assert env.flows_through_prefect() is False
    monkeypatch.setenv("EOLIST_PREFECT", "sometimes")
    with pytest.raises(ValueError, match="EOLIST_PREFECT='sometimes': use one of auto, always"):
        env.flows_through_prefect()
