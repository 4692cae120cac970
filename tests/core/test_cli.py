from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

from flexperf.cli import COMMANDS, _take_data_dir


def _flexperf(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["FLEXPERF_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "flexperf", *args], env=env, text=True,
                          capture_output=True, timeout=120, check=False)


def test_every_listed_command_exists() -> None:
    assert set(COMMANDS) <= set(get_commands())


def test_help_lists_our_commands_and_every_django_command(tmp_path: Path) -> None:
    result = _flexperf("--help", data_dir=tmp_path)
    assert result.returncode == 0
    listed = set(result.stdout.split())
    assert set(COMMANDS) <= listed
    assert {"makemigrations", "dbshell", "check", "run_huey"} <= listed


def test_data_dir_may_appear_anywhere_and_is_taken_out() -> None:
    before = os.environ.get("FLEXPERF_DATA_DIR")
    try:
        rest = _take_data_dir(["demo", "--size", "10", "--data-dir", "/tmp/x", "--no-serve"])
        assert rest == ["demo", "--size", "10", "--no-serve"]
        assert os.environ["FLEXPERF_DATA_DIR"] == "/tmp/x"
        assert _take_data_dir(["--data-dir=/tmp/y", "check"]) == ["check"]
        assert os.environ["FLEXPERF_DATA_DIR"] == "/tmp/y"
    finally:
        if before is None:
            os.environ.pop("FLEXPERF_DATA_DIR", None)
        else:
            os.environ["FLEXPERF_DATA_DIR"] = before


def test_a_django_command_runs_through_flexperf_in_the_given_data_folder(tmp_path: Path) -> None:
    result = _flexperf("--data-dir", str(tmp_path / "data"), "check", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert (tmp_path / "data" / "secret_key").exists()


def test_an_unknown_command_fails_with_one_line(tmp_path: Path) -> None:
    result = _flexperf("frobnicate", data_dir=tmp_path)
    assert result.returncode == 1
    assert "Unknown command: 'frobnicate'" in result.stderr
