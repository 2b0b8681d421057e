"""Speed-minded rewrites of small pieces give what the plain versions gave."""

from __future__ import annotations

import heapq
import random

from safepost.engine.doc import cached_property
from safepost.engine.model.linear import Head


def test_contributions_are_the_largest_weights_by_size_then_name():
    head = Head({}, (0.7, 0.1))
    rnd = random.Random(3)
    for _ in range(2000):
        present = [(f"f{i}", rnd.choice([rnd.uniform(-2, 2), 0.5, -0.5, 0.25]))
                   for i in rnd.sample(range(400), rnd.randint(0, 60))] + [("bias", 9.0)]
        plain = heapq.nlargest(6, (p for p in present if p[0] != "bias"), key=lambda p: (abs(p[1]), p[0]))
        assert [(c.feature, c.weight) for c in head.contributions(present)] == [(f, 0.7 * x) for f, x in plain]


def test_cached_property_computes_once_and_keeps_the_value_on_the_instance():
    calls = []

    class Thing:
        @cached_property
        def value(self) -> int:
            """The answer."""
            calls.append(1)
            return 42

    t = Thing()
    assert (t.value, t.value, len(calls)) == (42, 42, 1)
    assert t.__dict__["value"] == 42 and Thing.value.__doc__ == "The answer."
    assert Thing().value == 42 and len(calls) == 2
