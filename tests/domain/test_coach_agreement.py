"""Does the coach agree with a supervisor's judgement? One row per phrasing, each its own test.

Each row changes the shared good assignment (which passes every criterion) and gives the level
a supervisor would give for one criterion. A coach level worse than the supervisor's is a false
positive (nagging good work); a better one is a false negative (passing weak work). Both are
counted separately, and every disagreement fails. The phrasings are written for this table.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from homework_planner.domain.coach import CRITERIA, check
from homework_planner.domain.models import Assignment, Review
from homework_planner.domain.templates import get_template
from homework_planner.domain.vocabulary import DAYS
from tests.conftest import full_assignment_dict

ORDER = {"ok": 0, "warn": 1, "missing": 2}
REVIEW = "__review__"  # a row's change that gives the last review's progress summary
TEMPLATE_RATIONALE = "<the template's rationale>"
TEMPLATE_PLANS = "<the template's plans>"


def _good() -> dict[str, Any]:
    d = full_assignment_dict()
    d["rationale"] = (
        "When I do a bit more, my mood lifts a little. That helps me feel ready to see my sister."
    )
    return d


def _apply(changes: dict[str, Any]) -> tuple[Assignment, Review | None]:
    d = _good()
    review = None
    for path, value in changes.items():
        if path == REVIEW:
            review = Review(
                assignment_id=d["id"], date=date(2026, 11, 27), completion=3, progress_summary=value
            )
            continue
        if value == TEMPLATE_RATIONALE:
            value = get_template(d["template_id"]).rationale
        elif value == TEMPLATE_PLANS:
            value = [
                {"if": o.if_, "then": o.then} for o in get_template(d["template_id"]).obstacles
            ]
        target = d
        parts = path.split(".")
        for p in parts[:-1]:
            target = target[int(p)] if p.isdigit() else target[p]
        target[parts[-1]] = value
    return Assignment.model_validate(d), review


def _plan(if_: str, then: str) -> dict[str, Any]:
    return {"obstacles": [{"if": if_, "then": then}]}


def _what(text: str) -> dict[str, Any]:
    return {"task.what": text}


def _teach(text: str) -> dict[str, Any]:
    return {"client_reaction.summary_in_own_words": text}


def _reason(text: str, goal: str | None = None) -> dict[str, Any]:
    return {"rationale": text} if goal is None else {"rationale": text, "goal": goal}


def _fear(if_: str, then: str, intervention: str = "graded_exposure") -> dict[str, Any]:
    return {"intervention": intervention, **_plan(if_, then)}


SHORTHAND_EVERYWHERE = {
    "task.what": "GE",
    "task.when": "as agreed",
    "task.how_often": "as per plan",
    "task.how_long": "as before",
    "rationale": "Per formulation, NICE recommends.",
    "client_reaction.summary_in_own_words": "Pt agreed.",
    "obstacles": [{"if": "SBs", "then": "use the techniques we covered"}],
}

# (criterion, changes to the good assignment, the supervisor's level)
Row = tuple[str, dict[str, Any], str]
ROWS: list[Row] = [
    # ---- homework in name only: shorthand, method names, pointers elsewhere, aims ------------
    ("task.specific", _what("GE"), "missing"),
    ("task.specific", _what("BA"), "missing"),
    ("task.specific", _what("Do CR on my NATs"), "missing"),
    ("task.specific", _what("ERP for the taps"), "missing"),
    ("task.specific", _what("PMR"), "missing"),
    ("task.specific", _what("Exposure work at the big supermarket"), "missing"),
    ("task.specific", _what("Worry postponement"), "missing"),
    ("task.specific", _what("Cognitive restructuring"), "missing"),
    ("task.specific", _what("Practise relaxation"), "missing"),
    ("task.specific", _what("Carry on with the programme"), "missing"),
    ("task.specific", _what("Continue the exercises from our session"), "missing"),
    ("task.specific", _what("Use the techniques we went through"), "missing"),
    ("task.specific", _what("Complete the worksheet"), "missing"),
    ("task.specific", _what("Do the homework"), "missing"),
    ("task.specific", _what("As discussed in session"), "missing"),
    ("task.specific", _what("Same as last week"), "missing"),
    ("task.specific", _what("Follow the plan we made"), "missing"),
    ("task.specific", _what("What we talked about today"), "missing"),
    ("task.specific", _what("Cut back on checking the locks"), "missing"),
    ("task.specific", _what("Reduce asking my husband if things are OK"), "missing"),
    ("task.specific", _what("Feel calmer on the train"), "missing"),
    ("task.specific", _what("Be less anxious in meetings"), "missing"),
    ("task.specific", _what("Stop avoiding the corner shop"), "missing"),
    ("task.specific", _what("Work on my confidence"), "missing"),
    ("task.specific", _what("Activity scheduling"), "missing"),
    ("task.specific", _what("Behavioural experiment"), "missing"),
    ("task.specific", _what("Mindfulness practice"), "missing"),
    ("task.specific", _what("Sleep hygiene"), "missing"),
    ("task.specific", _what("Thought challenging"), "missing"),
    ("task.specific", _what("Keep up the breathing exercises"), "missing"),
    ("task.specific", _what("Manage my worry better"), "missing"),
    ("task.specific", _what("Improve my sleep"), "missing"),
    ("task.specific", _what("I will do my exposure homework"), "missing"),
    ("task.specific", _what("Walk to the shop as agreed, using the techniques we covered"), "warn"),
    # ---- the same task, written as a behaviour: not nagged ------------------------------
    ("task.specific", _what("Fill in a thought record within an hour of my mood dropping"), "ok"),
    ("task.specific", _what("Read chapter 2 of the sleep booklet"), "ok"),
    ("task.specific", _what("Walk to the GP surgery and back"), "ok"),
    ("task.specific", _what("Stand in the queue at the post office and buy a stamp"), "ok"),
    ("task.specific", _what("Phone the council about the broken boiler"), "ok"),
    ("task.specific", _what("Write each worry on my list and leave it until 6 pm"), "ok"),
    ("task.specific", _what("Sit on the bus for three stops without my headphones"), "ok"),
    ("task.specific", _what("Tense and let go of each muscle group with the audio, in bed"), "ok"),
    (
        "task.specific",
        _what("Cut down on checking by leaving my phone in the hall from 8 pm"),
        "ok",
    ),
    ("task.specific", _what("Ask one question in the Monday team meeting"), "ok"),
    ("task.specific", _what("Wash up the breakfast things straight after eating"), "ok"),
    ("task.specific", _what("Go to the AA meeting at the church hall"), "ok"),
    ("task.specific", _what("Feel the floor under my feet and name 5 things I can see"), "ok"),
    ("task.specific", _what("Build the bookshelf with my son"), "ok"),
    ("task.specific", _what("Limit scrolling on my phone to 30 minutes after 9 pm"), "ok"),
    ("task.specific", _what("Walk to the shop, then do GE in the queue"), "warn"),
    # ---- vague words hidden beside a filled-in schedule ----------------------------------
    ("task.specific", {"task.how_long": "For as long as it takes"}, "warn"),
    ("task.specific", {"task.how_long": "As long as needed"}, "warn"),
    ("task.specific", {"task.how_often": "Whenever I can"}, "warn"),
    ("task.specific", {"task.when": "At some point in the afternoon"}, "warn"),
    ("task.specific", {"task.when": "If I feel up to it"}, "warn"),
    ("task.specific", {"task.where": "Somewhere quiet"}, "warn"),
    (
        "task.specific",
        {"task.how_long": "10 minutes", "task.schedule.duration_minutes": 200},
        "warn",
    ),
    (
        "task.specific",
        {
            "task.how_often": "3 times a week",
            "task.schedule.days": list(("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        },
        "warn",
    ),
    ("task.specific", {"task.when": "At 6 pm, after tea"}, "warn"),
    ("task.specific", {"task.how_often": "On Tuesday and Thursday"}, "warn"),
    ("task.specific", {"task.how_often": "Twice this week"}, "warn"),
    ("task.specific", {"task.how_long": "Half an hour"}, "warn"),
    # ---- vague-looking words made concrete by what is beside them -------------------------
    (
        "task.specific",
        {
            "task.how_long": "Three more minutes than last time, so 18 minutes",
            "task.schedule.duration_minutes": 18,
        },
        "ok",
    ),
    (
        "task.specific",
        {
            "task.how_long": "Keep writing until the 5-minute alarm",
            "task.schedule.duration_minutes": 5,
        },
        "ok",
    ),
    ("task.specific", {"task.where": "Any seat on the top deck of the bus"}, "ok"),
    ("task.specific", {"task.where": "Anywhere on the bench by the pond"}, "ok"),
    ("task.specific", {"task.when": "Before the roads get busy, at 1 pm"}, "ok"),
    ("task.specific", {"task.when": "As soon as I notice my chest tighten"}, "ok"),
    ("task.specific", {"task.when": "Straight after any moment my mood drops a lot"}, "ok"),
    ("task.specific", {"task.when": "Each time a worry pops into my head"}, "ok"),
    ("task.specific", {"task.when": "Within 10 minutes of waking up"}, "ok"),
    ("task.specific", {"task.when": "After I've dropped the children at school"}, "ok"),
    (
        "task.specific",
        {"task.when": "The moment my heart starts racing", "task.schedule": None},
        "ok",
    ),
    (
        "task.specific",
        {"task.when": "When my mood dips below 4 out of 10", "task.schedule": None},
        "ok",
    ),
    (
        "task.specific",
        {"task.what": "Walk 4 more minutes than last week, so 19 in all", "task.schedule": None},
        "ok",
    ),
    (
        "task.specific",
        {"task.how_often": "One more day than last week: Monday, Wednesday, Friday"},
        "ok",
    ),
    ("task.specific", {"task.how_long": "15 minutes, a bit longer than last week's 12"}, "ok"),
    (
        "task.specific",
        {
            "task.how_often": "Every weekday",
            "task.schedule.days": ["mon", "tue", "wed", "thu", "fri"],
        },
        "ok",
    ),
    ("task.specific", {"task.when": "At 1 pm"}, "ok"),
    ("task.specific", {"task.how_long": "A quarter of an hour"}, "ok"),
    # ---- shorthand in every box: each criterion it touches says so ---------------------------
    ("task.specific", SHORTHAND_EVERYWHERE, "missing"),
    ("rationale.given", SHORTHAND_EVERYWHERE, "warn"),
    ("reaction.elicited", SHORTHAND_EVERYWHERE, "warn"),
    ("obstacles.planned", SHORTHAND_EVERYWHERE, "warn"),
    # ---- teach-back: notes about the client are not the client's words ----------------------
    ("reaction.elicited", _teach("Client agreed to plan"), "warn"),
    ("reaction.elicited", _teach("pt repeated task back"), "warn"),
    ("reaction.elicited", _teach("OK"), "warn"),
    ("reaction.elicited", _teach("Yes"), "warn"),
    ("reaction.elicited", _teach("Agreed."), "warn"),
    ("reaction.elicited", _teach("She will walk after lunch on three days"), "warn"),
    ("reaction.elicited", _teach("Understood and agreed"), "warn"),
    ("reaction.elicited", _teach("Client repeated the task back accurately"), "warn"),
    ("reaction.elicited", _teach("He said he'd walk to the postbox on Monday"), "warn"),
    ("reaction.elicited", _teach("Patient able to summarise the plan"), "warn"),
    ("reaction.elicited", _teach("Walk to postbox after lunch, M/W/F"), "warn"),
    ("reaction.elicited", _teach("I'll walk to the postbox and back"), "warn"),
    ("reaction.elicited", _teach("I'll do it after lunch on three days"), "warn"),
    (
        "reaction.elicited",
        _teach("I'm going to walk to the postbox after lunch on Monday, Wednesday and Friday"),
        "ok",
    ),
    (
        "reaction.elicited",
        _teach("After lunch I walk to the postbox and back, then tick my sheet"),
        "ok",
    ),
    (
        "reaction.elicited",
        _teach("Monday, Wednesday and Friday I'll do my walk to the postbox"),
        "ok",
    ),
    ("reaction.elicited", _teach("Three afternoons I walk down Elm Road to the postbox"), "ok"),
    # ---- if-then: the 'then' must be an action for that moment -------------------------------
    ("obstacles.planned", _plan("I feel low", "deal with it"), "warn"),
    ("obstacles.planned", _plan("I feel low", "use what I learned"), "warn"),
    ("obstacles.planned", _plan("it gets hard", "cope"), "warn"),
    ("obstacles.planned", _plan("I get anxious", "use my coping skills"), "warn"),
    ("obstacles.planned", _plan("I want to stay in", "remember what we said in session"), "warn"),
    ("obstacles.planned", _plan("I feel stressed", "stay calm"), "warn"),
    ("obstacles.planned", _plan("I feel too tired", "not let it stop me"), "warn"),
    ("obstacles.planned", _plan("my mood drops", "feel better about it"), "warn"),
    ("obstacles.planned", _plan("it goes badly", "handle it"), "warn"),
    ("obstacles.planned", _plan("I doubt myself", "think positively"), "warn"),
    ("obstacles.planned", _plan("I feel tense", "relax"), "warn"),
    ("obstacles.planned", _plan("a worry comes during the day", "postpone it"), "warn"),
    ("obstacles.planned", _plan("a hot thought comes", "challenge the thought"), "warn"),
    ("obstacles.planned", _plan("I feel tired", "apply the skills from the booklet"), "warn"),
    (
        "obstacles.planned",
        _plan("a worry comes", "write it on my list and go back to what I was doing"),
        "ok",
    ),
    ("obstacles.planned", _plan("it is raining", "walk up and down the hall for 5 minutes"), "ok"),
    (
        "obstacles.planned",
        _plan("I don't want to go alone", "text my sister to meet me at the gate"),
        "ok",
    ),
    (
        "obstacles.planned",
        _plan("I put it off", "set the kitchen timer for 10 minutes and start"),
        "ok",
    ),
    ("obstacles.planned", _plan("I miss Monday", "go on Tuesday at 1 pm instead"), "ok"),
    ("obstacles.planned", _plan("my legs ache", "walk half way and come back"), "ok"),
    ("obstacles.planned", _plan("I feel drowsy at 3 pm", "not nap"), "warn"),
    (
        "obstacles.planned",
        _plan("I feel drowsy at 3 pm", "not nap, and walk round the block"),
        "ok",
    ),
    # ---- if-then: the action comes before its trigger -------------------------------------
    (
        "obstacles.planned",
        _plan("my mind races in bed", "write my worries down an hour before bed"),
        "warn",
    ),
    ("obstacles.planned", _plan("I forget", "set a reminder on my phone"), "warn"),
    ("obstacles.planned", _plan("I wake in the night", "plan my evening the night before"), "warn"),
    ("obstacles.planned", _plan("the shop is busy", "phone ahead in advance"), "warn"),
    ("obstacles.planned", _plan("I forget", "do it as soon as I remember that day"), "ok"),
    (
        "obstacles.planned",
        _plan(
            "I can't sleep after 20 minutes", "get up and sit in the kitchen until I feel sleepy"
        ),
        "ok",
    ),
    # ---- if-then: a back-up that is never named ------------------------------------------
    ("obstacles.planned", _plan("it rains", "do my back-up activity"), "warn"),
    ("obstacles.planned", _plan("it rains", "switch to plan B"), "warn"),
    (
        "obstacles.planned",
        _plan("it rains", "do my back-up activity: 10 minutes on the exercise bike"),
        "ok",
    ),
    (
        "obstacles.planned",
        {
            "task.first_step": "My back-up is the exercise bike in the spare room",
            **_plan("it rains", "do my back-up activity"),
        },
        "ok",
    ),
    # ---- if-then in exposure and panic work: escape, distraction, reassurance, safety ---------
    ("obstacles.planned", _fear("I feel panicky in the shop", "leave"), "warn"),
    ("obstacles.planned", _fear("it gets too much", "go home and try again tomorrow"), "warn"),
    ("obstacles.planned", _fear("I feel shaky", "read the labels to take my mind off it"), "warn"),
    ("obstacles.planned", _fear("I feel sick with nerves", "ring my mum to check I'm OK"), "warn"),
    ("obstacles.planned", _fear("I feel faint", "sit down and slow my breathing", "panic"), "warn"),
    ("obstacles.planned", _fear("my heart pounds", "tell myself it will pass", "panic"), "warn"),
    ("obstacles.planned", _fear("I feel wobbly", "hold on to the trolley"), "warn"),
    (
        "obstacles.planned",
        _fear("the bus is crowded", "put my headphones on and listen to music"),
        "warn",
    ),
    (
        "obstacles.planned",
        _fear("I think people are staring", "ask my partner if I look OK"),
        "warn",
    ),
    ("obstacles.planned", _fear("I feel hot", "get off at the next stop", "panic"), "warn"),
    ("obstacles.planned", _fear("my chest feels tight", "check my pulse", "panic"), "warn"),
    (
        "obstacles.planned",
        _fear("I want to leave", "stay and notice what happens to the feeling"),
        "ok",
    ),
    (
        "obstacles.planned",
        _fear("my heart races", "stay put and let it race, without checking my pulse", "panic"),
        "ok",
    ),
    (
        "obstacles.planned",
        _fear("I feel dizzy", "keep walking round the aisle and notice that I stay standing"),
        "ok",
    ),
    (
        "obstacles.planned",
        _fear("I feel the urge to escape", "stay until my turn at the till"),
        "ok",
    ),
    (
        "obstacles.planned",
        _fear("the meeting scares me", "leave the room", "behavioural_experiment"),
        "warn",
    ),
    (
        "obstacles.planned",
        _fear("it's raining", "go home and do the exercise video", "behavioural_activation"),
        "ok",
    ),
    (
        "obstacles.planned",
        _fear("I feel tense", "ring my sister to chat", "behavioural_activation"),
        "ok",
    ),
    # ---- template plans are not the client's own -----------------------------------------
    (
        "obstacles.planned",
        {"template_id": "behavioural_activation", "obstacles": TEMPLATE_PLANS},
        "warn",
    ),
    ("obstacles.planned", {"template_id": "behavioural_activation"}, "ok"),
    # ---- reasons: authority, restating the task, general truths ----------------------------
    ("rationale.given", _reason("Because the therapist said so."), "warn"),
    ("rationale.given", _reason("CBT is proven to work for this."), "warn"),
    ("rationale.given", _reason("Research shows that exercise lifts mood."), "warn"),
    ("rationale.given", _reason("It's my homework for this week."), "warn"),
    ("rationale.given", _reason("I was told to do it by the team."), "warn"),
    ("rationale.given", _reason("My therapist wants me to do this every week."), "warn"),
    ("rationale.given", _reason("It is part of the treatment programme."), "warn"),
    ("rationale.given", _reason("The guidelines recommend it for people like me."), "warn"),
    ("rationale.given", _reason("Because it is part of my therapy homework."), "warn"),
    ("rationale.given", _reason("Because I'm going to walk to the postbox."), "warn"),
    ("rationale.given", _reason("So that I walk to the postbox and back."), "warn"),
    ("rationale.given", _reason("A walk is good for you."), "warn"),
    ("rationale.given", _reason("Exercise can help with low mood."), "warn"),
    ("rationale.given", _reason("Routines are important."), "warn"),
    ("rationale.given", _reason("Fresh air is nice in the morning."), "warn"),
    (
        "rationale.given",
        {"template_id": "behavioural_activation", "rationale": TEMPLATE_RATIONALE},
        "warn",
    ),
    # ---- reasons linked to the goal by meaning, not shared words: not nagged --------------
    (
        "rationale.given",
        _reason(
            "Each practice makes the office feel less frightening, so going back becomes possible.",
            "Return to work at the call centre",
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Every trip shows me the journey is bearable, and then visiting her is within reach.",
            "Take the bus to my daughter's house",
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Getting up at the same time sets my body clock, so I drop off more easily.",
            "Sleep through most nights",
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason("Getting out makes me less flat, and that gives me the energy to ring her."),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Saving worries for later shows me they can wait, and my evenings are my own again.",
            "Enjoy my evenings with the family",
        ),
        "ok",
    ),
    (
        "rationale.given",
        {
            "template_id": "behavioural_activation",
            "rationale": "Small walks lift my mood, so seeing my sister feels possible again.",
        },
        "ok",
    ),
    # ---- monitoring: a scale in the label counts ----------------------------------------
    ("monitoring.planned", {"monitoring.columns": [{"label": "Tension (0-10)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Mood 0-100"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Anxiety %"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "How bad (1-5)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Done (tick)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Belief out of 100"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Urge to check"}]}, "warn"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Belief in the thought"}]}, "warn"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Sleep quality"}]}, "warn"),
    ("monitoring.planned", {"monitoring.when_to_record": "Whenever I remember"}, "warn"),
    ("monitoring.planned", {"monitoring.when_to_record": "Before bed each night"}, "ok"),
    ("monitoring.planned", {"monitoring.when_to_record": "As soon as the practice ends"}, "ok"),
    # ---- the goal: a change someone could notice (advisory) ---------------------------------
    ("goal.concrete", {"goal": "Feel better"}, "warn"),
    ("goal.concrete", {"goal": "Be happier"}, "warn"),
    ("goal.concrete", {"goal": "I just want to feel like myself again"}, "warn"),
    ("goal.concrete", {"goal": "Get my life back"}, "warn"),
    ("goal.concrete", {"goal": "Feel less anxious"}, "warn"),
    ("goal.concrete", {"goal": "Be more confident"}, "warn"),
    ("goal.concrete", {"goal": "Take my grandson to the park on Saturdays"}, "ok"),
    ("goal.concrete", {"goal": "Go back to work three days a week"}, "ok"),
    ("goal.concrete", {"goal": "Sleep through the night most nights"}, "ok"),
    ("goal.concrete", {"goal": "Travel to my sister's by bus"}, "ok"),
    ("goal.concrete", {"goal": "Feel confident enough to speak up in team meetings"}, "ok"),
    ("goal.concrete", {"goal": ""}, "warn"),
    # ---- review date and review summary ---------------------------------------------------
    ("review.scheduled", {"review_date": None}, "missing"),
    ("review.scheduled", {"review_date": "2026-11-26"}, "ok"),
    ("review.scheduled", {"review_date": "2027-02-01"}, "warn"),
    ("review.summarised", {REVIEW: "Went OK"}, "warn"),
    ("review.summarised", {REVIEW: ""}, "missing"),
    ("review.summarised", {REVIEW: "Walked 3 of 3 days; mood after rose from 2 to 5"}, "ok"),
    (
        "review.summarised",
        {REVIEW: "Found that the dread before a walk was worse than the walk"},
        "ok",
    ),
    # ---- a second batch, written after the rules, to see them hold on new wording ----------
    ("task.specific", _what("BA: walk"), "missing"),
    ("task.specific", _what("Continue with what we started"), "missing"),
    ("task.specific", _what("Practise the skills from the group"), "missing"),
    ("task.specific", _what("Do some graded exposure"), "missing"),
    ("task.specific", _what("Try to be more assertive with my boss"), "missing"),
    ("task.specific", _what("Keep going with the diary"), "missing"),
    ("task.specific", _what("Work through the anxiety workbook"), "missing"),
    ("task.specific", _what("Get on top of my worries"), "missing"),
    ("task.specific", _what("Lessen my avoidance of driving"), "missing"),
    ("task.specific", _what("Relaxation"), "missing"),
    ("task.specific", _what("Exposure"), "missing"),
    ("task.specific", _what("Thought records"), "missing"),  # a form's name alone
    ("task.specific", _what("Drive to the end of my road and back"), "ok"),
    ("task.specific", _what("Say no to one extra shift when my manager asks"), "ok"),
    ("task.specific", _what("Put the washing on and hang it out"), "ok"),
    ("task.specific", _what("Cook a simple tea: beans on toast"), "ok"),
    ("task.specific", _what("Eat lunch in the staff room with colleagues"), "ok"),
    ("task.specific", _what("Touch the bin lid and wait 10 minutes before washing"), "ok"),
    ("task.specific", {"task.how_long": "Until I've done it"}, "ok"),
    ("task.specific", {"task.how_long": "However long I fancy"}, "warn"),
    (
        "task.specific",
        {"task.when": "When the kids are in bed, about 8 pm", "task.schedule": None},
        "ok",
    ),
    ("task.specific", {"task.when": "Sometime after lunch"}, "warn"),
    ("task.specific", {"task.how_often": "Most days"}, "warn"),
    ("task.specific", {"task.where": "Wherever I happen to be"}, "warn"),
    ("task.specific", {"task.where": "At home or anywhere really"}, "warn"),
    (
        "task.specific",
        {
            "task.how_long": "A little longer each time, starting at 5 minutes",
            "task.schedule": None,
        },
        "ok",
    ),
    ("reaction.elicited", _teach("Understands task"), "warn"),
    ("reaction.elicited", _teach("Happy with plan"), "warn"),
    ("reaction.elicited", _teach("They said they would do it"), "warn"),
    ("reaction.elicited", _teach("c/o agreed"), "warn"),
    ("reaction.elicited", _teach("Going to the postbox after lunch, three times"), "warn"),
    ("reaction.elicited", _teach("So I walk to the postbox on Mon, Wed, Fri after my lunch"), "ok"),
    ("obstacles.planned", _plan("I feel anxious", "use my breathing"), "warn"),
    ("obstacles.planned", _plan("I feel anxious", "do the grounding thing"), "warn"),
    ("obstacles.planned", _plan("I'm tired", "push myself"), "warn"),
    ("obstacles.planned", _plan("I'm tired", "get on with it anyway"), "warn"),
    ("obstacles.planned", _plan("I'm tired", "walk for just 5 minutes then decide"), "ok"),
    ("obstacles.planned", _plan("my friend cancels", "go on my own to the café at 11"), "ok"),
    ("obstacles.planned", _fear("I panic on the bus", "get off and walk"), "warn"),
    ("obstacles.planned", _fear("I get scared at the till", "count to ten in my head"), "warn"),
    ("obstacles.planned", _fear("I feel faint", "carry a bottle of water"), "warn"),
    ("obstacles.planned", _fear("my heart races", "let it race and keep shopping"), "ok"),
    (
        "obstacles.planned",
        _fear("I want to check I'm ok", "notice the urge and carry on walking"),
        "ok",
    ),
    ("obstacles.planned", _fear("I feel sick", "text my partner for reassurance"), "warn"),
    ("rationale.given", _reason("Because it's what my counsellor suggested"), "warn"),
    ("rationale.given", _reason("Evidence says behavioural activation works"), "warn"),
    ("rationale.given", _reason("I need to do my homework"), "warn"),
    ("rationale.given", _reason("It will help."), "warn"),
    ("rationale.given", _reason("Being active is good for mental health."), "warn"),
    (
        "rationale.given",
        _reason("If I see my sister more, I won't feel so alone.", "See my sister every week"),
        "ok",
    ),
    (
        "rationale.given",
        _reason("Going out reminds me I can still enjoy things, so life feels less stuck."),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Driving short trips again means I can take the kids to school myself.",
            "Drive the children to school",
        ),
        "ok",
    ),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Distress 1-10"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Confidence"}]}, "warn"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "What happened"}]}, "ok"),
    ("goal.concrete", {"goal": "Stop feeling so low"}, "warn"),
    ("goal.concrete", {"goal": "Be back to my old self"}, "warn"),
    ("goal.concrete", {"goal": "Cope better"}, "warn"),
    ("goal.concrete", {"goal": "Get back to driving to my mum's"}, "ok"),
    ("goal.concrete", {"goal": "Return to choir on Thursdays"}, "ok"),
    # ---- a third batch, new wording again --------------------------------------------------
    ("task.specific", _what("Homework: as per last session"), "missing"),
    ("task.specific", _what("Same again"), "missing"),
    ("task.specific", _what("Next step on the hierarchy"), "missing"),
    ("task.specific", _what("Practise PMR daily"), "missing"),
    ("task.specific", _what("Challenge NATs"), "missing"),
    ("task.specific", _what("Try and get out more"), "warn"),
    ("task.specific", _what("Be kinder to myself"), "missing"),
    ("task.specific", _what("Increase pleasant activities"), "missing"),
    ("task.specific", _what("Look after myself better"), "warn"),
    ("task.specific", _what("Ring Dave from work and ask if he fancies a pint on Friday"), "ok"),
    ("task.specific", _what("Take the 42 bus two stops into town and back"), "ok"),
    ("task.specific", _what("Leave the dishes unwashed overnight and notice the urge"), "ok"),
    ("task.specific", _what("Post one photo on the family WhatsApp group"), "ok"),
    ("task.specific", _what("Hold a knife while chopping vegetables for tea"), "ok"),
    ("task.specific", _what("Read one page of my novel before lights out"), "ok"),
    ("task.specific", {"task.when": "First thing after the school run"}, "ok"),
    ("task.specific", {"task.when": "Once the baby is down for her nap"}, "ok"),
    ("task.specific", {"task.when": "Whenever suits"}, "warn"),
    ("task.specific", {"task.when": "At a time that works for me"}, "warn"),
    ("task.specific", {"task.how_long": "Until I'm bored"}, "warn"),
    ("task.specific", {"task.how_long": "Until the kettle boils"}, "ok"),
    ("task.specific", {"task.how_often": "Every other day"}, "ok"),
    ("task.specific", {"task.how_often": "As often as I can manage"}, "warn"),
    ("task.specific", {"task.where": "The bench outside the library"}, "ok"),
    ("task.specific", {"task.where": "Any quiet room at home"}, "ok"),
    ("reaction.elicited", _teach("Client happy to proceed"), "warn"),
    ("reaction.elicited", _teach("yep"), "warn"),
    ("reaction.elicited", _teach("Summarised well"), "warn"),
    ("reaction.elicited", _teach("He'll give it a go"), "warn"),
    (
        "reaction.elicited",
        _teach(
            "I walk to the postbox on Monday, Wednesday and Friday after lunch and rate my mood"
        ),
        "ok",
    ),
    ("reaction.elicited", _teach("My plan is the postbox walk, 1 o'clock, three days"), "ok"),
    ("obstacles.planned", _plan("it's raining", "do something else"), "warn"),
    ("obstacles.planned", _plan("I can't be bothered", "make myself"), "warn"),
    (
        "obstacles.planned",
        _plan("I can't be bothered", "put my shoes on and step outside the door"),
        "ok",
    ),
    ("obstacles.planned", _plan("I feel overwhelmed", "take it easy"), "warn"),
    ("obstacles.planned", _plan("I feel overwhelmed", "do the first 2 minutes only"), "ok"),
    ("obstacles.planned", _plan("I wake up late", "do it at 3 pm instead"), "ok"),
    ("obstacles.planned", _fear("I feel panicky", "step outside for some air", "panic"), "warn"),
    ("obstacles.planned", _fear("people look at me", "look at my phone"), "warn"),
    ("obstacles.planned", _fear("I feel dizzy", "lean on the wall"), "warn"),
    ("obstacles.planned", _fear("I feel dizzy", "let myself feel dizzy and keep standing"), "ok"),
    (
        "obstacles.planned",
        _fear("I start to sweat", "carry on and notice whether anyone says anything"),
        "ok",
    ),
    ("rationale.given", _reason("The doctor says it's good for me"), "warn"),
    ("rationale.given", _reason("To get my homework done"), "warn"),
    ("rationale.given", _reason("Because everyone says walking helps"), "warn"),
    (
        "rationale.given",
        _reason(
            "Practising this means I won't have to say no to my sister's invitations any more."
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Facing the shop a bit at a time is how I'll get my independence back.",
            "Do my own shopping",
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Writing the thought down lets me see it's not the whole story, so work feels less awful.",
            "Go to work without dreading Mondays",
        ),
        "ok",
    ),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Mood (1 to 10)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Enjoyment"}]}, "warn"),
    (
        "monitoring.planned",
        {"monitoring.columns": [{"label": "How strong the urge was /10"}]},
        "ok",
    ),
    ("goal.concrete", {"goal": "Not feel so anxious all the time"}, "warn"),
    ("goal.concrete", {"goal": "Have a normal life"}, "warn"),
    ("goal.concrete", {"goal": "Go to my nephew's wedding in June"}, "ok"),
    ("goal.concrete", {"goal": "Walk the dog every morning again"}, "ok"),
    # ---- a fourth batch, new wording again -------------------------------------------------
    ("task.specific", _what("BE re: contamination"), "missing"),
    ("task.specific", _what("Activity diary"), "missing"),
    ("task.specific", _what("Work on the goals we set"), "missing"),
    ("task.specific", _what("Decrease safety behaviours"), "missing"),
    ("task.specific", _what("Get better at saying no"), "missing"),
    ("task.specific", _what("Reduce time in bed"), "missing"),
    ("task.specific", _what("Go to bed at 11.30 pm and get up at 6.30 am"), "ok"),
    ("task.specific", _what("Say hello to the neighbour when I put the bins out"), "ok"),
    (
        "task.specific",
        _what("Buy a paper from the newsagent and say one thing to the person at the till"),
        "ok",
    ),
    ("task.specific", _what("Sit in the driver's seat with the engine on for 5 minutes"), "ok"),
    ("task.specific", _what("Write three things I did well today in my notebook"), "ok"),
    ("task.specific", {"task.when": "Each evening at about 9"}, "ok"),
    ("task.specific", {"task.when": "On the way back from dropping Sam at nursery"}, "ok"),
    ("task.specific", {"task.when": "Later in the week"}, "warn"),
    ("task.specific", {"task.how_long": "As long as feels right"}, "warn"),
    ("task.specific", {"task.how_long": "Two laps of the park"}, "ok"),
    ("task.specific", {"task.how_often": "Three days out of seven"}, "ok"),
    ("task.specific", {"task.how_often": "Fairly regularly"}, "warn"),
    ("task.specific", {"task.where": "Round and about"}, "warn"),
    ("reaction.elicited", _teach("Agreed to try"), "warn"),
    ("reaction.elicited", _teach("Client able to repeat back"), "warn"),
    (
        "reaction.elicited",
        _teach("I've got to walk to the postbox every Monday, Wednesday and Friday after lunch"),
        "ok",
    ),
    ("reaction.elicited", _teach("I'm doing my walk to the postbox after lunch"), "ok"),
    ("obstacles.planned", _plan("I feel rubbish", "just get on with it"), "warn"),
    ("obstacles.planned", _plan("I run out of time", "fit it in somewhere"), "warn"),
    ("obstacles.planned", _plan("I run out of time", "do a 5-minute version before tea"), "ok"),
    ("obstacles.planned", _plan("my partner isn't home", "take the dog with me instead"), "ok"),
    (
        "obstacles.planned",
        _fear("I feel the panic rising", "breathe into a paper bag", "panic"),
        "warn",
    ),
    ("obstacles.planned", _fear("I get anxious in the lift", "take the stairs"), "warn"),
    (
        "obstacles.planned",
        _fear("I think I'll faint", "stand still and see if I actually faint", "panic"),
        "ok",
    ),
    ("obstacles.planned", _fear("the fear goes up", "stay until it comes down by half"), "ok"),
    ("rationale.given", _reason("It's on my treatment plan."), "warn"),
    ("rationale.given", _reason("Studies show it helps."), "warn"),
    ("rationale.given", _reason("Because I should."), "warn"),
    (
        "rationale.given",
        _reason(
            "Every walk I do proves to me I'm not as stuck as I feel, and gets me nearer to Sunday lunch with my sister."
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "I want to sleep better so I'm not a zombie at work.",
            "Have the energy to do a full day at work",
        ),
        "ok",
    ),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Anxiety (SUDS 0-100)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Pleasure"}]}, "warn"),
    ("monitoring.planned", {"monitoring.when_to_record": "At the end of the day if I can"}, "warn"),
    ("goal.concrete", {"goal": "Feel more in control"}, "warn"),
    ("goal.concrete", {"goal": "Be myself again"}, "warn"),
    ("goal.concrete", {"goal": "Swim 20 lengths at the leisure centre"}, "ok"),
    ("goal.concrete", {"goal": "Stop panicking on the motorway so I can drive to Leeds"}, "ok"),
    # ---- a fifth batch, new wording again --------------------------------------------------
    ("task.specific", _what("TR x3"), "missing"),
    ("task.specific", _what("Keep practising"), "missing"),
    ("task.specific", _what("Do the stuff on the sheet"), "missing"),
    ("task.specific", _what("Try to relax in the evenings"), "warn"),
    ("task.specific", _what("Lower my expectations"), "missing"),
    ("task.specific", _what("Ask my manager for a meeting about my hours"), "ok"),
    ("task.specific", _what("Walk past the dog on the corner without crossing the road"), "ok"),
    ("task.specific", _what("Use the exercise bike in the garage for 10 minutes"), "ok"),
    ("task.specific", _what("Make a list of three problems and pick one to solve"), "ok"),
    ("task.specific", _what("Put the phone in the drawer at 10 pm"), "ok"),
    ("task.specific", {"task.when": "During my lunch break at work"}, "ok"),
    ("task.specific", {"task.when": "Every time I notice the urge to check"}, "ok"),
    ("task.specific", {"task.when": "When I have a moment"}, "warn"),
    ("task.specific", {"task.how_long": "Till the end of the song"}, "ok"),
    ("task.specific", {"task.how_long": "Not too long"}, "warn"),
    ("task.specific", {"task.how_often": "Once or twice"}, "ok"),
    ("task.specific", {"task.where": "Wherever is easiest"}, "warn"),
    ("reaction.elicited", _teach("Fine with it"), "warn"),
    ("reaction.elicited", _teach("Verbalised understanding"), "warn"),
    (
        "reaction.elicited",
        _teach("We agreed I walk to the postbox after lunch three days a week"),
        "ok",
    ),
    ("obstacles.planned", _plan("I can't face it", "give it a miss"), "warn"),
    ("obstacles.planned", _plan("I'm too busy", "sort something out"), "warn"),
    ("obstacles.planned", _plan("I'm too busy", "do it straight after work at 5.30"), "ok"),
    (
        "obstacles.planned",
        _plan("I feel sad", "ring the Samaritans on 116 123 if I'm not safe"),
        "ok",
    ),
    ("obstacles.planned", _fear("my hands shake", "hide them in my pockets"), "warn"),
    (
        "obstacles.planned",
        _fear("I'm scared it will go wrong", "let my friend do the talking"),
        "warn",
    ),
    ("obstacles.planned", _fear("I think I'll be sick", "stay put and see if I am sick"), "ok"),
    ("rationale.given", _reason("I've been told it works."), "warn"),
    ("rationale.given", _reason("This is what the course says to do."), "warn"),
    ("rationale.given", _reason("Because it's good practice."), "warn"),
    (
        "rationale.given",
        _reason(
            "The more I get out, the less the house feels like a prison, and I can picture visiting my sister."
        ),
        "ok",
    ),
    (
        "rationale.given",
        _reason(
            "Learning that my heart racing is safe means I can get back on the bus to my mum's.",
            "Visit my mum by bus",
        ),
        "ok",
    ),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Achievement"}]}, "warn"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Achievement (0-10)"}]}, "ok"),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Time I woke up"}]}, "ok"),
    ("goal.concrete", {"goal": "To be less stressed"}, "warn"),
    ("goal.concrete", {"goal": "Feel happy again"}, "warn"),
    ("goal.concrete", {"goal": "Get back into running, 5 km on Saturdays"}, "ok"),
    ("goal.concrete", {"goal": "Eat meals with the family at the table"}, "ok"),
    # ---- plain words on the handout ---------------------------------------------------------
    ("handout.plain", _what("Climb the next step of the fear hierarchy"), "warn"),
    ("handout.plain", {"monitoring.what_to_record": "My SUDS before and after"}, "warn"),
    ("handout.plain", _reason("Walking helps my mood. Then I can see my sister."), "ok"),
    # ---- classes found by the blind supervisor cases (tests/domain/fixtures/supervisor_cases.json)
    # Parts of one practice add up to the scheduled minutes; a real mismatch still shows.
    ("task.specific", {"task.how_long": "10 minutes walking, then 5 minutes on the bench"}, "ok"),
    ("task.specific", {"task.how_long": "5 minutes out and 10 minutes back"}, "ok"),
    ("task.specific", {"task.how_long": "5 minutes, then a 5-minute cool-down"}, "warn"),
    # Days after an 'if' or 'otherwise' are a fall-back, not a clash with the ticked days.
    (
        "task.specific",
        {"task.how_often": "On Monday, Wednesday and Friday; if it rains, Saturday instead"},
        "ok",
    ),
    ("task.specific", {"task.how_often": "Mon, Wed and Fri, otherwise Sunday"}, "ok"),
    ("task.specific", {"task.how_often": "On Monday, Tuesday and Friday"}, "warn"),
    (
        "task.specific",
        {
            "task.how_often": "Every day, Saturday and Sunday included",
            "task.schedule": {"days": list(DAYS), "time": "13:00", "duration_minutes": 15},
        },
        "ok",
    ),
    # A comparative inside a noun phrase describes a thing; it is not an amount of doing.
    (
        "task.specific",
        _what("Write the worrying thought, then a more helpful way of seeing it"),
        "ok",
    ),
    ("task.specific", _what("Write a more balanced version of the thought on the card"), "ok"),
    # "Any time I notice ..." is an event anchor; "any time I like" is not.
    ("task.specific", {"task.when": "Any time I notice my mood drop sharply"}, "ok"),
    ("task.specific", {"task.when": "Any time I like"}, "warn"),
    # "Wherever I am" is right for a task set off by an event, vague for a planned one.
    (
        "task.specific",
        {
            "task.when": "As soon as I notice the urge to check",
            "task.where": "Wherever I am at the time",
        },
        "ok",
    ),
    ("task.specific", {"task.where": "Wherever I am"}, "warn"),
    # A method's name beside the behaviour it labels is a handout word, not a missing behaviour.
    (
        "task.specific",
        _what("Worry time: write each worry on a list and read it through for 15 minutes"),
        "ok",
    ),
    (
        "task.specific",
        _what("Exposure step 2: stand at the bus stop for 10 minutes without my phone"),
        "ok",
    ),
    ("task.specific", _what("Exposure work"), "missing"),
    # A feeling about a topic, or one activity said comparatively, is not a noticeable change.
    ("goal.concrete", {"goal": "Be less worried about my health"}, "warn"),
    ("goal.concrete", {"goal": "Eat better"}, "warn"),
    ("goal.concrete", {"goal": "Stop overthinking"}, "warn"),
    ("goal.concrete", {"goal": "Go swimming again"}, "ok"),
    (
        "goal.concrete",
        {"goal": "Be less anxious about driving, so I can drive to mum's on Sundays"},
        "ok",
    ),
    # Sleep work: naps, clock-watching and lying awake in bed undo CBT for insomnia.
    (
        "obstacles.planned",
        _fear("I'm worn out after lunch", "have a quick 20-minute nap", "sleep"),
        "warn",
    ),
    (
        "obstacles.planned",
        _fear("I wake at 4 am", "look at the clock and count the hours left", "sleep"),
        "warn",
    ),
    (
        "obstacles.planned",
        _fear("I can't drop off", "stay in bed with my eyes shut and wait", "sleep"),
        "warn",
    ),
    (
        "obstacles.planned",
        _fear(
            "I'm still awake after 20 minutes",
            "get up and fold laundry in the kitchen till I'm sleepy",
            "sleep",
        ),
        "ok",
    ),
    # A reminder is set before forgetting; effort is not an action; bounded 'carry on' is.
    ("obstacles.planned", _plan("I forget to go", "use the reminder on my phone"), "warn"),
    ("obstacles.planned", _plan("I don't feel up to it", "give it a go anyway"), "warn"),
    ("obstacles.planned", _plan("I'm tired", "try"), "warn"),
    ("obstacles.planned", _plan("I want to stop halfway", "carry on to the end of the road"), "ok"),
    (
        "obstacles.planned",
        _plan("it's too icy to walk", "do my chair exercises DVD for 15 minutes"),
        "ok",
    ),
    ("obstacles.planned", _plan("it's too icy to walk", "do my exercises"), "warn"),
    # The next session is not a reason; nor is the problem said again.
    ("rationale.given", _reason("So that we can go through it together next week."), "warn"),
    ("rationale.given", _reason("To bring it back to the next session."), "warn"),
    ("rationale.given", _reason("Because being stuck at home is really hard for me."), "warn"),
    ("rationale.given", _reason("My mood has been rock bottom for months."), "warn"),
    (
        "rationale.given",
        _reason("So we can see whether walking lifts my mood enough to visit my sister."),
        "ok",
    ),
    # In fear work a reason that credits staying safe keeps the fear going.
    (
        "rationale.given",
        {
            "intervention": "panic",
            "rationale": "Having my water with me will stop a panic attack, so I can get to my sister's.",
        },
        "warn",
    ),
    (
        "rationale.given",
        {
            "intervention": "panic",
            "rationale": "Walking fast makes my heart race, so that I don't faint on the bus later.",
        },
        "warn",
    ),
    (
        "rationale.given",
        {
            "intervention": "panic",
            "rationale": "Feeling my heart race and seeing nothing bad happen means I can take the bus to my sister's.",
        },
        "ok",
    ),
    # A teach-back that says back an aim or a hope does not say what the client will do.
    ("reaction.elicited", _teach("I'll cut down on staying in all day."), "warn"),
    ("reaction.elicited", _teach("I'm going to try to get out more."), "warn"),
    (
        "reaction.elicited",
        _teach("I'll try to walk to the postbox after lunch on Monday, Wednesday and Friday."),
        "ok",
    ),
    # Therapists' acronyms on the handout.
    ("handout.plain", _what("BA: walk to the postbox and back"), "warn"),
    ("handout.plain", {"monitoring.what_to_record": "PMR practice and tension 0-10"}, "warn"),
    ("handout.plain", _reason("Walking lifts my mood. PS: my sister wants to see me."), "ok"),
]


def _id(row: Row) -> str:
    criterion, changes, level = row
    text = " ".join(str(v) for v in changes.values())[:48]
    return f"{criterion}:{level}:{text}"


def _judge(row: Row) -> str:
    criterion, changes, _ = row
    a, review = _apply(changes)
    return next(f.level for f in check(a, review) if f.criterion == criterion)


@pytest.mark.parametrize("row", ROWS, ids=[_id(r) for r in ROWS])
def test_the_coach_agrees_with_the_supervisor(row: Row) -> None:
    criterion, changes, expected = row
    a, review = _apply(changes)
    f = next(f for f in check(a, review) if f.criterion == criterion)
    assert f.level == expected, (f.message, [i.message for i in f.issues])
    if f.level != "ok":
        assert f.message and f.suggestion, "every judgement says what is wrong and one fix"


def test_the_table_is_large_and_covers_every_criterion() -> None:
    assert len(ROWS) >= 150
    assert {r[0] for r in ROWS} == set(CRITERIA)
    for criterion in CRITERIA:
        levels = {r[2] for r in ROWS if r[0] == criterion}
        assert "ok" in levels and levels - {"ok"}, criterion  # both good and weak work


def test_false_positives_and_false_negatives_are_counted_apart() -> None:
    false_pos, false_neg = [], []
    for row in ROWS:
        got, want = ORDER[_judge(row)], ORDER[row[2]]
        if got > want:
            false_pos.append(_id(row))
        elif got < want:
            false_neg.append(_id(row))
    agree = 1 - (len(false_pos) + len(false_neg)) / len(ROWS)
    report = (
        f"{len(ROWS)} judgements, agreement {agree:.1%}: {len(false_pos)} false positives "
        f"(nagging good work), {len(false_neg)} false negatives (passing weak work)"
    )
    print(report)
    assert not false_pos and not false_neg, (report, false_pos, false_neg)


def test_the_base_assignment_passes_every_criterion() -> None:
    a, _ = _apply({})
    assert {f.criterion: f.level for f in check(a)} == dict.fromkeys(CRITERIA, "ok")


# Whole assignments as a careful therapist writes them, one per kind of work: nothing to nag.
_BASE = {"client_code": "HP-9", "created": "2026-11-20T10:00:00Z", "review_date": "2026-11-27"}
GOOD_WORK = {
    "panic": dict(
        intervention="panic",
        goal="Take the bus to my daughter's on Sundays",
        task=dict(
            what="Run up and down the stairs until my heart pounds, then sit with the feeling without checking my pulse",
            when="At 7 pm, after tea",
            where="The stairs at home",
            how_often="Monday, Wednesday and Friday",
            how_long="5 minutes: 2 of running, then 3 sitting with it",
            schedule=dict(days=["mon", "wed", "fri"], time="19:00", duration_minutes=5),
        ),
        rationale="When my heart races I think I'm having a heart attack. Making it race on purpose shows me it's just my heart, so the bus stops being scary.",
        obstacles=[
            {
                "if": "I want to stop early",
                "then": "keep going for the full 2 minutes and note what I expected",
            },
            {
                "if": "I reach for my pulse",
                "then": "put my hands on my knees and carry on noticing",
            },
        ],
        monitoring=dict(
            what_to_record="What I feared, how strong the fear was, what happened",
            when_to_record="Straight after each practice",
            columns=[{"label": "Fear before", "scale": "0-100"}, {"label": "What happened"}],
        ),
        client_reaction=dict(
            summary_in_own_words="Three evenings after tea I'll run the stairs till my heart pounds and not check it.",
            importance=9,
            confidence=7,
        ),
    ),
    "worry": dict(
        intervention="worry_time",
        goal="Be able to read to my son at bedtime without my mind racing",
        task=dict(
            what="Write each worry on the card in my pocket and save it for worry time",
            when="At 6.30 pm, in worry time; the card all day",
            where="The kitchen table",
            how_often="Every day this week",
            how_long="15 minutes, on the oven timer",
            schedule=dict(
                days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                time="18:30",
                duration_minutes=15,
            ),
        ),
        rationale="Putting worries on the card means I can stop chasing them all day, and then bedtime with my son is calmer.",
        obstacles=[
            {
                "if": "a worry feels too urgent to wait",
                "then": "write it on the card with a star and go back to what I was doing",
            },
            {
                "if": "the timer goes and I'm still worrying",
                "then": "put the card in the drawer and start the washing up",
            },
        ],
        monitoring=dict(
            what_to_record="How many worries, and how many still mattered at 6.30",
            when_to_record="At the end of worry time",
            columns=[{"label": "Worries written"}, {"label": "Still mattered (number)"}],
        ),
        client_reaction=dict(
            summary_in_own_words="I jot worries on my card in the day and look at them at half six for 15 minutes.",
            importance=8,
            confidence=8,
        ),
    ),
    "sleep": dict(
        intervention="sleep",
        goal="Stay awake at work in the afternoons",
        task=dict(
            what="Get up at 7 am every day and only go to bed when sleepy, not before 11.30 pm",
            when="Up at 7 am; bed after 11.30 pm",
            where="Bedroom",
            how_often="Every day, weekends too",
            how_long="All week",
            schedule=dict(days=["mon", "tue", "wed", "thu", "fri", "sat", "sun"], time="07:00"),
        ),
        rationale="A fixed time up builds my sleep drive, so I drop off faster and I'm less foggy at work.",
        obstacles=[
            {
                "if": "I can't sleep after about 20 minutes",
                "then": "get up, sit in the lounge with a dull book, and go back when sleepy",
            },
            {
                "if": "I feel drowsy after lunch",
                "then": "not nap, and walk round the car park for 10 minutes",
            },
        ],
        monitoring=dict(
            what_to_record="Time to bed, time up, time awake in the night, any naps",
            when_to_record="Each morning within 30 minutes of getting up",
            columns=[
                {"label": "Bed time"},
                {"label": "Up time"},
                {"label": "Awake in night (minutes)"},
                {"label": "Naps (minutes)"},
            ],
        ),
        client_reaction=dict(
            summary_in_own_words="I'm up at 7 every day and I don't go to bed before half eleven unless I'm sleepy.",
            importance=8,
            confidence=7,
        ),
    ),
    "ge": dict(
        intervention="graded_exposure",
        goal="Do my own food shop at the big Tesco",
        task=dict(
            what="Queue at the corner shop till and buy one item, staying until my anxiety has dropped by half",
            when="Tuesday and Thursday at 10 am",
            where="The corner shop on Mill Lane",
            how_often="Twice this week",
            how_long="At least 10 minutes inside",
            schedule=dict(days=["tue", "thu"], time="10:00", duration_minutes=10),
        ),
        rationale="Each time I stay, the shop gets less frightening, which gets me closer to doing the big shop myself.",
        obstacles=[
            {
                "if": "my heart races in the queue",
                "then": "stay in the queue, notice the feeling and let it be there",
            },
            {"if": "the shop is very busy", "then": "go in anyway and stay the full 10 minutes"},
        ],
        monitoring=dict(
            what_to_record="Anxiety at the start, highest, and at the end",
            when_to_record="Outside the shop, straight after",
            columns=[
                {"label": "Anxiety start (0-100)"},
                {"label": "Highest (0-100)"},
                {"label": "End (0-100)"},
            ],
        ),
        client_reaction=dict(
            summary_in_own_words="Tuesday and Thursday at ten I queue at the corner shop and stay till my anxiety halves.",
            importance=9,
            confidence=7,
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(GOOD_WORK))
def test_good_work_of_every_kind_is_not_nagged(name: str) -> None:
    a = Assignment.model_validate({**_BASE, **GOOD_WORK[name]})
    # The handout's sentence length is judged on the printed if-then sentences; not here.
    nagged = {
        f.criterion: f.message
        for f in check(a)
        if f.level != "ok" and f.criterion != "handout.plain"
    }
    assert nagged == {}
