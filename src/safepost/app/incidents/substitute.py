"""Substitute notice (45 CFR 164.404(d)(2)): what is owed when some of the people affected cannot
be reached by the written notice because their contact information is insufficient or out of
date. Pure: no Django, no clock (callers pass dates).

As summarized in shared/docs/hipaa-reference.md, sections 1, 5.3 and 10.5:

  164.404(d)(2)      substitute notice "reasonably calculated to reach" those people; not
                     required for a missing next-of-kin or personal-representative address.
  164.404(d)(2)(i)   fewer than 10: an alternative form of written notice, telephone or other means.
  164.404(d)(2)(ii)  10 or more: a conspicuous posting for 90 days on the home page of the covered
                     entity's website, OR conspicuous notice in major print or broadcast media in
                     the areas where they likely reside; AND a toll-free number active for at
                     least 90 days where people can learn whether their unsecured PHI may be
                     included in the breach. (The 90-day details are tagged [S] in the reference,
                     open question Q5.)

Each step is proved by a notice of kind "substitute" recorded with the step's method (164.414(b)).
The 90 days run in calendar days (section 5.9) from the day the posting or the line started; the
incident closes only after them, so nobody takes the posting down early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FEWER_THAN = 10                      # 164.404(d)(2)(i) vs (ii)
KEEP_DAYS = 90                       # 164.404(d)(2)(ii): the posting and the toll-free line

CITATIONS = {"few": "45 CFR 164.404(d)(2)(i)", "many": "45 CFR 164.404(d)(2)(ii)"}
RULES = {
    "unknown": "Record how many of the people affected have insufficient or out-of-date contact information "
               "(0 when everyone can be reached by the written notice).",
    "none": "Everyone can be reached by the written notice: no substitute notice is owed.",
    "few": "Fewer than 10 people cannot be reached: give them substitute notice by an alternative form of written "
           "notice, by telephone or by other means.",
    "many": "10 or more people cannot be reached: post a conspicuous notice on the home page of our website for "
            "90 days, or give conspicuous notice in major print or broadcast media where they likely live; and keep "
            "a toll-free number active for at least 90 days where people can learn whether their information was "
            "involved.",
}


@dataclass(frozen=True)
class StepKind:
    key: str
    label: str
    methods: tuple[str, ...]         # NOTICE_METHODS keys that prove the step
    keep_days: dict[str, int]        # method -> days it must stay up (none: a one-off)


STEPS = {
    "few": (StepKind("alternative", "Alternative written notice, telephone or other means",
                     ("mail", "email", "phone", "other"), {}),),
    "many": (StepKind("posting", "Conspicuous notice on our website's home page (90 days) or in major print or "
                                 "broadcast media where they likely live", ("web", "press"), {"web": KEEP_DAYS}),
             StepKind("toll_free", "Toll-free number active for at least 90 days", ("toll_free",),
                      {"toll_free": KEEP_DAYS})),
}


@dataclass(frozen=True)
class Step:
    kind: StepKind
    done_on: date | None = None      # the first notice recorded for the step
    method: str = ""
    keep_until: date | None = None   # the posting or line stays up at least until this day

    @property
    def key(self) -> str:
        return self.kind.key

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class Plan:
    count: int | None                # people with insufficient or out-of-date contact information
    rule: str                        # unknown | none | few | many
    steps: tuple[Step, ...] = ()

    @property
    def applies(self) -> bool:
        return self.rule in ("few", "many")

    @property
    def explanation(self) -> str:
        return RULES[self.rule]

    @property
    def citation(self) -> str:
        return CITATIONS.get(self.rule, "45 CFR 164.404(d)(2)")

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(m for s in self.steps for m in s.kind.methods)

    def remaining(self, today: date) -> list[str]:
        """What is left to do, in words (empty: nothing)."""
        if self.rule == "unknown":
            return [RULES["unknown"]]
        left = []
        for s in self.steps:
            if s.done_on is None:
                left.append(f"{s.label}: not recorded yet")
            elif s.keep_until is not None and today < s.keep_until:
                left.append(f"{s.label}: keep it up until {s.keep_until.isoformat()} ({KEEP_DAYS} days from "
                            f"{s.done_on.isoformat()})")
        return left


def rule_for(count: int | None) -> str:
    if count is None:
        return "unknown"
    if count == 0:
        return "none"
    return "few" if count < FEWER_THAN else "many"


def plan(count: int | None, notices: list[tuple[str, date]]) -> Plan:
    """The substitute notice owed for `count` unreachable people, with the steps proved by
    `notices` ((method, sent_on) of the incident's "substitute" notices)."""
    rule = rule_for(count)
    steps = []
    for kind in STEPS.get(rule, ()):
        found = sorted((sent_on, method) for method, sent_on in notices if method in kind.methods)
        if not found:
            steps.append(Step(kind))
            continue
        sent_on, method = found[0]
        keep = kind.keep_days.get(method)
        steps.append(Step(kind, sent_on, method, sent_on + timedelta(days=keep) if keep else None))
    return Plan(count, rule, tuple(steps))


def count_problems(count, affected_total: int) -> list[str]:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return ["unreachable_count: a whole number of people, 0 or more"]
    if affected_total and count > affected_total:
        return [f"unreachable_count: cannot exceed the number of people affected ({affected_total}); correct the counts "
                "per State first"]
    return []


def method_problems(p: Plan, method: str) -> list[str]:
    """A substitute notice's method must prove one of the steps the count calls for."""
    if not p.applies:
        return []
    if method not in p.methods:
        return [f"method: substitute notice for {'fewer than 10' if p.rule == 'few' else '10 or more'} people is "
                f"given by {', '.join(p.methods)} ({p.citation})"]
    return []


def close_problems(p: Plan, today: date) -> list[str]:
    """Why a breach owing individual notice may not close yet because of its substitute notice."""
    if p.rule == "unknown":
        return ["unreachable_count: record how many people could not be reached by the written notice (0 when "
                "everyone could) before closing (164.404(d)(2))"]
    return [f"substitute notice: {r[0].lower()}{r[1:]}" for r in p.remaining(today)]
