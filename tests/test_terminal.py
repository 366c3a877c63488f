"""Nothing from a document or a file name reaches the terminal as an escape sequence, and an
invisible character on a blank line reads as a blank line (issue 16.8)."""

from __future__ import annotations

import shutil

from extractor.normalize import clean_line
from jixiao.cli import main
from jixiao.names import for_terminal
from jixiao.pipeline import audit_file

from .conftest import REPORTS

YANQI = REPORTS / "yanqi_grassland_fund_2022.txt"
HOSTILE_NAME = "\x1b[31mred\x1b]0;pwned\x07\x1b[2J\u202e"


def test_for_terminal_removes_escape_sequences_and_controls():
    assert for_terminal("a\x1b[31mb\x1b[0m\x1b]0;title\x07c\x1b(Bd\x00e\u202ef\tg") == "abcdef\tg"
    assert for_terminal("报告 2022.txt") == "报告 2022.txt"


def test_escape_sequences_in_a_file_name_never_reach_the_terminal(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / f"{HOSTILE_NAME}.txt")
    assert main(["audit", str(folder), "--format", "table"]) == 1
    out = capsys.readouterr()
    assert "red" in out.out
    assert "\x1b" not in out.out + out.err and "\x07" not in out.out + out.err
    assert "\u202e" not in out.out
    bad = folder / f"{HOSTILE_NAME}.pdf"
    bad.write_bytes(b"not a pdf \x1b[2J")
    assert main(["extract", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "red" in err and "\x1b" not in err and "\x07" not in err


def test_escape_sequences_in_a_bulk_run_never_reach_the_terminal(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(YANQI, folder / f"{HOSTILE_NAME}.txt")
    out = tmp_path / f"out{HOSTILE_NAME}"
    assert main(["audit", str(folder), "--out", str(out)]) == 1
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out + shown.err and "\x07" not in shown.out + shown.err


def test_a_stray_escape_sequence_leaves_nothing_behind_in_the_text():
    assert clean_line("\x1b]0;title\x07") == ""  # OSC: once left "]0;title" as a line of text
    assert clean_line("\x1b(B\x1b7") == ""
    assert clean_line("得分\x1b[1;31m96\x1b[0m分") == "得分96分"


def test_an_invisible_character_on_a_blank_line_reads_as_a_blank_line(tmp_path):
    text = YANQI.read_text(encoding="utf-8")
    lines = text.split("\n")
    blank = [i for i, line in enumerate(lines) if not line.strip()]
    for ch in ("\u200b", "\x00", "\u00ad", "\x1b[0m", "\x1b]0;t\x07", "\ufeff\u2060"):
        for i in blank[::40]:
            lines[i] = ch
    dirty = tmp_path / "dirty.txt"
    dirty.write_text("\n".join(lines), encoding="utf-8")
    clean = audit_file(str(YANQI))
    got = audit_file(str(dirty))
    assert [(f.rule, f.message) for f in got.findings] == [
        (f.rule, f.message) for f in clean.findings
    ]
