"""`handout`, `record` and `ics` on the command line: files written, warnings, exit codes."""

from __future__ import annotations

import json

from homework_planner.cli import main
from tests.conftest import full_assignment_dict
from tests.output.pdfread import reader, text


def write(tmp_path, data) -> str:
    p = tmp_path / "a.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    return str(p)


def test_handout_pdf_text_and_sheet(tmp_path, capsys):
    src = write(tmp_path, full_assignment_dict())
    out = tmp_path / "h.pdf"
    assert main(["handout", src, "-o", str(out)]) == 0
    assert len(reader(out.read_bytes()).pages) == 1
    assert main(["handout", src, "-o", str(out), "--with-sheet", "--cream"]) == 0
    assert len(reader(out.read_bytes()).pages) == 2
    txt = tmp_path / "h.txt"
    assert main(["handout", src, "-o", str(txt), "--text"]) == 0
    assert "If it is raining, then I will" in txt.read_text(encoding="utf-8")


def test_handout_warns_about_overflow_and_unprintable(tmp_path, capsys):
    data = full_assignment_dict()
    data["rationale"] = "Small steps help me. " * 200 + "漢"
    out = tmp_path / "h.pdf"
    assert main(["handout", write(tmp_path, data), "-o", str(out), "--size", "large"]) == 0
    err = capsys.readouterr().err
    assert "does not fit one page" in err and "U+6F22" in err
    assert "Small steps" not in err  # no client text in messages


def test_settings_from_the_data_folder_print(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "settings.json").write_text(
        json.dumps({"service_name": "Hillside Wellbeing", "service_phone": "01234 567890"})
    )
    out = tmp_path / "h.pdf"
    src = write(tmp_path, full_assignment_dict())
    assert main(["--data-dir", str(data_dir), "handout", src, "-o", str(out)]) == 0
    assert "Call Hillside Wellbeing on 01234 567890." in " ".join(text(out.read_bytes()).split())


def test_record_and_ics(tmp_path):
    src = write(tmp_path, full_assignment_dict())
    note = tmp_path / "r.txt"
    assert main(["record", src, "-o", str(note), "--text"]) == 0
    assert "Version: not saved yet" in note.read_text(encoding="utf-8")
    assert main(["record", src, "-o", str(tmp_path / "r.pdf")]) == 0
    ics = tmp_path / "r.ics"
    assert main(["ics", src, "-o", str(ics)]) == 0
    assert b"RRULE:FREQ=WEEKLY" in ics.read_bytes()


def test_exit_codes_for_bad_input(tmp_path, capsys):
    assert main(["handout", str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "There is no file" in capsys.readouterr().err
    data = full_assignment_dict()
    data["task"].pop("schedule")
    assert main(["ics", write(tmp_path, data), "-o", str(tmp_path / "x.ics")]) == 1
    assert "add the days and a time" in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()
    try:
        main(["handout", "a.json"])  # -o is required
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("usage error did not exit")
