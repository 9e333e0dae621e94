"""The README documents every setting and every command (the docs cannot drift silently)."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.settings import SETTINGS
from web.commands import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_documented(setting):
    assert f"`{setting.name}`" in README


@pytest.mark.parametrize("command", sorted(cli.list_commands(None)))
def test_command_documented(command):
    assert re.search(rf"`kg {command}\b", README), f"kg {command} is missing from the README"
    assert CliRunner().invoke(cli, [command, "--help"]).exit_code == 0


def test_quickstart_is_two_commands():
    block = README.split("## Quickstart", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    assert [ln.split("#")[0].strip() for ln in block.strip().splitlines()] == ["./run.sh", "./test.sh"]
