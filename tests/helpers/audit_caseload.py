"""An invented caseload for the homework audit, built through the workflows on a real store.

Hand count for October 2026 (the numbers the tests expect):
  HP-0001  good1 (set 5 Oct, a-d met, reviewed 12 Oct on time, completion 4, 7 days)
           poor1 (set 5 Oct, same session; agreed with items missing; a-c not met; reviewed
                  25 Oct, late; no progress summary; completion 1, 20 days)
           gone1 (set 6 Oct, agreed, then withdrawn: counted, left out of the rest)
  HP-0002  legacy1 (set 7 Oct, "agreed" by an old version, no words; reviewed 14 Oct on time
                  with a summary; completion 2, 7 days)
           good2 (set 8 Oct, a-c met, not reviewed yet)
           draft1 (set 8 Oct, never agreed)
  HP-0003  old1 (set 1 Aug, agreed, a-c met, reviewed 8 Aug with a summary, completion 3) -
           outside October.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from homework_planner.domain.models import Assignment, Client, Review
from homework_planner.storage import Store
from homework_planner.workflows import assignments as wf
from homework_planner.workflows import clients as client_wf
from homework_planner.workflows.interchange import import_parsed
from tests.conftest import full_assignment_dict


def at(d: date) -> datetime:
    """Local noon (the audit reads dates in the machine's time zone, as the therapist does)."""
    return datetime(d.year, d.month, d.day, 12).astimezone()


def good(aid: str, code: str, created: date, review: date) -> Assignment:
    data = full_assignment_dict(code)
    data.update(
        id=aid,
        status="draft",
        created=at(created).isoformat(),
        review_date=review.isoformat(),
    )
    return Assignment.model_validate(data)


def poor(aid: str, code: str, created: date, review: date) -> Assignment:
    a = good(aid, code, created, review)
    data = a.model_dump(mode="json", by_alias=True)
    data["task"]["what"] = "Try to relax more"
    data.update(rationale="", obstacles=[])
    return Assignment.model_validate(data)


def agreed(store: Store, a: Assignment, when: date, *, missing: bool = False) -> Assignment:
    wf.create_draft(store, a)
    return wf.agree(store, a, confirm_missing=missing, at=at(when)).assignment


def review(
    store: Store, aid: str, when: date, completion: int, summary: str = "", rid: str = ""
) -> None:
    store.save_review(
        Review(
            id=rid or f"r-{aid}",
            assignment_id=aid,
            date=when,
            completion=completion,
            progress_summary=summary,
        )
    )


def build_caseload(path: Path) -> None:
    with Store.open(path) as store:
        for code in ("HP-0001", "HP-0002", "HP-0003"):
            client_wf.add_client(store, Client(code=code))
        oct5, oct12 = date(2026, 10, 5), date(2026, 10, 12)
        agreed(store, good("good1", "HP-0001", oct5, oct12), oct5)
        review(store, "good1", oct12, 4, "Walked three times; mood after walks up from 3 to 5.")
        agreed(store, poor("poor1", "HP-0001", oct5, oct12), oct5, missing=True)
        review(store, "poor1", date(2026, 10, 25), 1)
        oct6 = date(2026, 10, 6)
        agreed(store, good("gone1", "HP-0001", oct6, date(2026, 10, 13)), oct6)
        wf.withdraw(store, "gone1", "Typed for the wrong client", at=at(oct6))

        oct7 = date(2026, 10, 7)
        legacy = good("legacy1", "HP-0002", oct7, date(2026, 10, 14))
        legacy = legacy.model_copy(update={"status": "agreed", "agreed_on": oct7})
        import_parsed(store, legacy)
        review(store, "legacy1", date(2026, 10, 14), 2, "Did two of the three walks.")
        oct8 = date(2026, 10, 8)
        agreed(store, good("good2", "HP-0002", oct8, date(2026, 10, 15)), oct8)
        wf.create_draft(store, good("draft1", "HP-0002", oct8, date(2026, 10, 15)))

        aug1 = date(2026, 8, 1)
        agreed(store, good("old1", "HP-0003", aug1, date(2026, 8, 8)), aug1)
        review(store, "old1", date(2026, 8, 8), 3, "Walked most days.")
