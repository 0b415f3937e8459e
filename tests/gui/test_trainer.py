"""Trainer mode: poor, better, good side by side with the coach's verdicts; presentation view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from homework_planner.domain.examples import LEVELS, load_examples
from homework_planner.gui.trainer_window import (
    PRESENTATION_SCALE,
    TrainerWindow,
    homework_html,
    protocol_html,
)


@pytest.fixture
def trainer(qtbot):
    w = TrainerWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_side_by_side_with_the_coach_and_the_reasons(trainer):
    examples = load_examples()
    assert trainer.example_list.count() == len(examples) >= 5
    first = examples[0]
    assert first.title in trainer.title.text()
    good = trainer.columns["good"]
    assert "8 of 8 OK" in good.header.text()  # 9 criteria; review.summarised waits
    assert "judged when the homework is reviewed" in good.findings.text()
    assert set(good.levels.values()) == {"ok"}
    poor = trainer.columns["poor"]
    assert "missing" in poor.levels.values()
    assert "Missing" in poor.findings.text()
    # The coach's words appear where something is to fix; the explanation ties it to Beck.
    assert "Try:" in poor.findings.text() and "Try:" not in good.findings.text()
    diffs = trainer.differences.text()
    assert "Beck (a)" in diffs and "Gollwitzer &amp; Sheeran (2006)" in diffs
    for d in first.differences:
        assert d.explanation.replace("'", "&#x27;")[:40] in diffs


def test_each_example_shows_the_protocol_it_follows_and_badges_match(qtbot, trainer):
    for e in load_examples():
        assert trainer.current_example().id == e.id
        shown = trainer.protocol.text()
        assert shown == protocol_html(e)
        assert "Follows:" in shown and e.protocol.follows[:40].replace("'", "&#x27;") in shown
        first_source = e.protocol.sources[0].replace("&", "&amp;").replace("'", "&#x27;")
        assert first_source in shown
        # Where an explanation praises the good version, its badge beside it says OK.
        for d in e.differences:
            assert trainer.columns["good"].levels[d.criterion] == d.expected["good"] == "ok"
        trainer.next_action.trigger()


def test_protocol_text_is_escaped():
    e = load_examples()[0].model_copy(deep=True)
    e.protocol = e.protocol.model_copy(update={"follows": "<i>" + e.protocol.follows})
    assert "&lt;i&gt;" in protocol_html(e) and "<i>" not in protocol_html(e)


def test_page_down_moves_through_every_example(qtbot, trainer):
    seen = []
    for _ in range(trainer.example_list.count()):
        seen.append(trainer.current_example().id)
        for level in LEVELS:
            assert trainer.columns[level].levels  # the coach ran on every version
        trainer.next_action.trigger()
    assert len(set(seen)) == trainer.example_list.count()
    assert trainer.current_example().id == seen[0]  # wraps round
    trainer.prev_action.trigger()
    assert trainer.current_example().id == seen[-1]


def test_presentation_view_is_large_and_full_screen(qtbot, trainer):
    base = trainer.font().pointSizeF()
    qtbot.keyClick(trainer, Qt.Key.Key_F5)
    assert trainer.presenting and trainer.isFullScreen()
    assert trainer.font_scale() == pytest.approx(PRESENTATION_SCALE)
    assert 1.6 <= PRESENTATION_SCALE <= 2.0
    assert trainer.columns["good"].homework.font().pointSizeF() == pytest.approx(base * 1.8)
    assert trainer.example_list.isHidden() and trainer.menuBar().isHidden()
    assert not trainer.details_action.isChecked()  # badges only in front of a room
    assert "Try:" not in trainer.columns["poor"].findings.text()
    qtbot.keyClick(trainer, Qt.Key.Key_D)
    assert "Try:" in trainer.columns["poor"].findings.text()
    qtbot.keyClick(trainer, Qt.Key.Key_Escape)
    assert not trainer.presenting and not trainer.isFullScreen()
    assert trainer.font().pointSizeF() == pytest.approx(base)
    assert trainer.example_list.isVisible()


def test_homework_text_marks_what_is_missing_and_escapes_text():
    poor = load_examples()[0].poor
    text = homework_html(poor)
    assert "(not given)" in text
    poor.task.what = "<b>bold?</b>"
    assert "&lt;b&gt;bold?&lt;/b&gt;" in homework_html(poor)
