from __future__ import annotations

from pathlib import Path

import pytest

from flexperf import config


def test_the_secret_key_is_generated_once_and_kept(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLEXPERF_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path)
    assert len(first) >= 50
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_the_data_folder_comes_from_the_environment(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEXPERF_DATA_DIR", str(tmp_path / "here"))
    assert config.data_dir() == (tmp_path / "here").resolve()
    assert (tmp_path / "here").is_dir()


def test_database_url_switches_to_postgresql(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/flexperf")
    db = config.database(tmp_path)
    assert (db["ENGINE"], db["NAME"], db["HOST"]) == (
        "django.db.backends.postgresql", "flexperf", "127.0.0.1")
    monkeypatch.delenv("DATABASE_URL")
    db = config.database(tmp_path)
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3",
                                          str(tmp_path / "flexperf.sqlite3"))


@pytest.mark.parametrize(("backend", "huey_class"), [
    ("inprocess", "huey.SqliteHuey"), ("redis", "huey.RedisHuey"), ("immediate", "huey.MemoryHuey"),
])
def test_the_queue_backend_is_chosen_by_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                backend: str, huey_class: str) -> None:
    monkeypatch.setenv("FLEXPERF_QUEUE", backend)
    assert config.queue(tmp_path)["huey_class"] == huey_class


def test_an_unknown_queue_backend_is_a_clear_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEXPERF_QUEUE", "kafka")
    with pytest.raises(ValueError, match="FLEXPERF_QUEUE must be inprocess, redis or immediate"):
        config.queue(tmp_path)
