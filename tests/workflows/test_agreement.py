"""Agreement is a fact: agree, amend, agree changes, withdraw — on a real SQLite file, reopened."""

from __future__ import annotations

from pathlib import Path

import pytest

from homework_planner.domain.agreement import agreement_state, content_hash, content_of
from homework_planner.domain.models import Assignment, Client
from homework_planner.storage import Store
from homework_planner.workflows import assignments as wf
from homework_planner.workflows import records
from homework_planner.workflows.errors import NeedsConfirmation, WorkflowError
from tests.conftest import full_assignment_dict


def draft(**changes) -> Assignment:
    data = full_assignment_dict()
    data.update(status="draft", **changes)
    return Assignment.model_validate(data)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with Store.open(path) as store:
        store.add_client(Client(code="HP-0042"))
    return path


def test_agreeing_freezes_the_version_its_words_time_findings_and_hash(db):
    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        result = wf.agree(store, a)
    with Store.open(db) as store:  # reopened: the fact survives
        stored = store.get_assignment(a.id)
        assert stored is not None and stored.status == "agreed"
        (g,) = stored.agreements
        assert g.version == result.version == store.assignment_version(a.id) == 2
        assert g.content.task.what == "Walk to the postbox at the end of Elm Road and back"
        assert g.content_hash == content_hash(content_of(stored))
        assert {f.criterion for f in g.findings} >= {"task.specific", "rationale.given"}
        assert g.agreed_at.tzinfo is not None
        actions = [e.action for e in store.audit_log("HP-0042")]
        assert "agreed" in actions


def test_editing_after_agreement_is_an_amendment_never_called_agreed(db):
    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        agreed = wf.agree(store, a).assignment
        edited = agreed.model_copy(deep=True)
        edited.task.how_long = "25 minutes"
        edited.task.when = "Before breakfast, at 8 am"
        wf.save_draft(store, edited)
    with Store.open(db) as store:
        current = store.get_assignment(a.id)
        assert current is not None
        state = agreement_state(current)
        assert state.amended and state.changed == ("task.when", "task.how_long")
        note = records.note_text(store, a.id)
    # The agreed words are quoted as agreed; the new words are marked as not agreed.
    agreed_part, _, changed_part = note.partition("Changed since agreement (not agreed)")
    assert "What was agreed (version 2)" in agreed_part
    assert "How long: 15 minutes" in agreed_part
    assert "25 minutes" not in agreed_part
    assert "How long now: 25 minutes" in changed_part
    assert "When now: Before breakfast, at 8 am" in changed_part
    assert "changed after agreement (When and How long); not agreed" in note
    assert "the changes are not yet agreed" in note


def test_agree_changes_makes_the_new_words_agreed_version_n_plus_one(db):
    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        first = wf.agree(store, a)
        edited = first.assignment.model_copy(deep=True)
        edited.task.how_long = "25 minutes"
        saved = wf.save_draft(store, edited)
        again = wf.agree(store, saved.assignment)
        assert again.was_amendment and again.version == saved.version + 1
        with pytest.raises(WorkflowError, match="Nothing has changed"):
            wf.agree(store, again.assignment)
    with Store.open(db) as store:
        note = records.note_text(store, a.id)
        current = store.get_assignment(a.id)
    assert current is not None and [g.version for g in current.agreements] == [2, 4]
    assert "What was agreed (version 4)" in note and "How long: 25 minutes" in note
    assert "Changed since agreement" not in note
    history = note.split("History\n-------\n")[1].split("\n\n")[0]
    assert "Version 2:" in history and "Version 3:" in history and "Version 4:" in history
    assert history.index("Version 2:") < history.index("Version 3:") < history.index("Version 4:")


def test_agreeing_with_items_missing_asks_first_names_them_and_the_record_says_so(db):
    blank = Assignment(client_code="HP-0042")
    with Store.open(db) as store:
        wf.create_draft(store, blank)
        with pytest.raises(NeedsConfirmation) as asked:
            wf.agree(store, blank)
        assert store.get_assignment(blank.id).agreements == []  # nothing changed
        assert "task.specific" in asked.value.missing
        assert "Clear and specific task" in str(asked.value)
        n = len(asked.value.missing)
        result = wf.agree(store, blank, confirm_missing=True)
        assert result.missing == asked.value.missing
        note = records.note_text(store, blank.id)
    assert f"agreed with {n} items missing" in note


def test_withdraw_hides_keeps_and_records_the_reason(db):
    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        with pytest.raises(WorkflowError, match="Say why"):
            wf.withdraw(store, a.id, "   ")
        wf.withdraw(store, a.id, "Entered for the wrong client")
        with pytest.raises(WorkflowError, match="withdrawn"):
            wf.save_draft(store, a)
        with pytest.raises(WorkflowError, match="withdrawn"):
            wf.agree(store, a)
    with Store.open(db) as store:
        assert store.list_assignments("HP-0042") == []
        assert [s.id for s in store.list_assignments("HP-0042", include_withdrawn=True)] == [a.id]
        assert store.get_assignment(a.id) is not None  # never deleted
        assert "withdrawn" in [e.action for e in store.audit_log("HP-0042")]
        note = records.note_text(store, a.id)
        whole = records.client_record_note(store, "HP-0042")
        exported = store.export_client("HP-0042")
    assert "Reason: Entered for the wrong client" in note
    assert "1 withdrawn" in whole and "Entered for the wrong client" in whole
    assert exported.assignments[0].withdrawal is not None


def test_next_week_and_templates_never_inherit_an_agreement(db):
    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        agreed = wf.agree(store, a).assignment
        nxt = wf.plan_next_week(store, agreed).assignment
        assert nxt.agreements == [] and nxt.status == "draft" and nxt.follows == a.id
        assert not agreement_state(nxt).agreed
        tid = wf.save_user_template(store, "Walks", agreed)
        (_, _, template), *_ = [t for t in store.list_user_templates() if t[0] == tid]
        assert template.agreements == [] and template.status == "draft"


def test_unknown_ids_get_a_clear_message_and_change_nothing(db):
    with Store.open(db) as store:
        with pytest.raises(WorkflowError, match="no assignment with that id"):
            wf.agree_by_id(store, "nope")
        with pytest.raises(WorkflowError, match="no assignment with that id"):
            wf.withdraw(store, "nope", "typo")
        with pytest.raises(WorkflowError, match="no client with that code"):
            records.client_record_note(store, "HP-9999")


def test_the_list_says_changed_since_agreed_and_it_is_still_due(db):
    from datetime import date

    from homework_planner.domain.review import is_due

    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        agreed = wf.agree(store, a).assignment
        (row,) = store.list_assignments("HP-0042")
        assert row.status == "agreed"
        edited = agreed.model_copy(deep=True)
        edited.rationale = "So that I can see my sister at the weekend."
        wf.save_draft(store, edited)
        (row,) = store.list_assignments("HP-0042")
        assert row.status == "amended"
        assert is_due(row, date(2026, 11, 27))


def test_altered_agreed_words_are_refused_and_an_imported_agreement_reads_right(db, tmp_path):
    from homework_planner.storage.interchange import InterchangeError, read_import_file

    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        agreed = wf.agree(store, a).assignment
    data = agreed.model_dump(mode="json", by_alias=True)
    # Words changed by hand after agreement, the hash left as it was: refused, never shown.
    data["agreements"][0]["content"]["task"]["what"] = "Run a marathon"
    bad = tmp_path / "bad.json"
    bad.write_text(__import__("json").dumps(data), encoding="utf-8")
    with pytest.raises(InterchangeError):
        read_import_file(bad)
    # The same agreement moved into another store (versions start again at 1) still reads as
    # agreed, with its own version number and no invented amendment.
    good = agreed.model_dump(mode="json", by_alias=True)
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        store.add_client(Client(code="HP-0042"))
        store.import_assignment(Assignment.model_validate(good))
        note = records.note_text(store, a.id)
    assert "What was agreed (version 2)" in note
    assert "changed after agreement" not in note


def test_a_review_plans_next_week_without_the_agreement_and_a_withdrawn_one_is_refused(db):
    from datetime import date

    from homework_planner.domain.models import Review
    from homework_planner.workflows.review import ReviewError, record_review

    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        wf.agree(store, a)
        review = Review(
            assignment_id=a.id, date=date(2026, 11, 27), completion=3, next_step="continue"
        )
        outcome = record_review(store, review, plan_next=True, today=lambda: date(2026, 11, 27))
        assert outcome.next_assignment is not None
        assert outcome.next_assignment.agreements == []
        assert not agreement_state(outcome.next_assignment).agreed
        assert store.get_assignment(a.id).agreements  # the reviewed one keeps its agreement
        other = wf.create_draft(store, draft(id="other0001")).assignment
        wf.withdraw(store, other.id, "duplicate")
        with pytest.raises(ReviewError, match="withdrawn"):
            record_review(
                store, Review(assignment_id=other.id, date=date(2026, 11, 27), completion=1)
            )


def test_a_long_assignment_agreed_twice_exports_and_imports_again(db, tmp_path):
    from homework_planner.storage.interchange import read_import_file
    from homework_planner.workflows.interchange import export_client

    long_reason = ("Walking lifts my mood a little and helps me see my sister. " * 150).strip()
    assert 8_000 < len(long_reason) < 10_000  # under the one-field limit
    with Store.open(db) as store:
        a = wf.create_draft(store, draft(rationale=long_reason)).assignment
        first = wf.agree(store, a).assignment
        for goal in ("See my sister every week", "See my sister and my friend every week"):
            edited = first.model_copy(deep=True)
            edited.goal = goal
            first = wf.agree(store, wf.save_draft(store, edited).assignment).assignment
        out = tmp_path / "client.json"
        export_client(store, "HP-0042", out)
    parsed = read_import_file(out)  # four copies of the long reason: still importable
    assert len(parsed.assignments[0].agreements) == 3


def test_export_refuses_a_file_import_would_refuse_and_says_what_to_shorten(db, tmp_path):
    from homework_planner.domain.models import Obstacle
    from homework_planner.workflows.interchange import export_client

    with Store.open(db) as store:
        a = wf.create_draft(store, draft()).assignment
        many = a.model_copy(deep=True)
        many.obstacles = [
            Obstacle.model_validate({"if": f"it rains {i}", "then": "walk indoors"})
            for i in range(60)
        ]
        wf.save_draft(store, many)
        with pytest.raises(WorkflowError, match="more than 50"):
            export_client(store, "HP-0042", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
