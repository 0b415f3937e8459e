"""The GUI, the command line and the record name criteria and levels from the coach's registry."""

from __future__ import annotations

import html

from homework_planner.commands.check import format_findings
from homework_planner.domain import coach
from homework_planner.domain.models import Assignment
from homework_planner.gui.editor import coach_panel
from homework_planner.gui.editor.coach_panel import CoachPanel
from homework_planner.gui.review import badges
from homework_planner.output import record
from tests.conftest import full_assignment_dict


def test_one_vocabulary_everywhere(qtbot):
    assert badges.LEVEL_STYLE is coach.LEVEL_STYLE
    assert coach_panel.LEVELS is coach.LEVEL_STYLE
    assert coach_panel.CRITERION_NAMES is coach.CRITERION_LABELS
    assert record.LEVEL_WORDS is coach.LEVEL_WORDS

    a = Assignment.model_validate({**full_assignment_dict(), "goal": "Be happier"})
    findings = coach.check(a)
    text = format_findings(findings)
    panel = CoachPanel(lambda path: None)
    qtbot.addWidget(panel)
    panel.set_findings(findings)
    for f in findings:
        label = coach.CRITERION_LABELS[f.criterion]
        assert f"[{coach.LEVEL_MARKS[f.level]}] {f.criterion} - {label}" in text
        assert html.escape(label) in badges.finding_html(f)
        view = panel.views[f.criterion]
        assert view.accessibleName() == f"{label}: {coach.LEVEL_STYLE[f.level][1]}"
    goal = next(f for f in findings if f.criterion == "goal.concrete")
    assert coach.LEVEL_STYLE["warn"][1] in badges.finding_html(goal)
