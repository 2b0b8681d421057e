"""The reasons that later rules read (a staff member's, a public figure's) are named constants in
`context.Why`, compared by membership, never parsed; this keeps the two sets complete when a reason
is added or reworded."""

from safepost.engine import context
from safepost.engine.context import PUBLIC_REASONS, STAFF_REASONS, Why


def _reasons() -> dict[str, str]:
    return {k: v for k, v in vars(Why).items() if k.isupper()}


def test_every_staff_reason_is_read_as_staff():
    staff = {v for v in _reasons().values() if "staff" in v}
    assert staff == STAFF_REASONS


def test_every_public_figure_reason_is_read_as_public():
    public = {v for v in _reasons().values() if "public figure" in v}
    assert public == PUBLIC_REASONS


def test_the_owner_reasons_are_named_reasons():
    assert set(context.OWNER_REASONS.values()) <= set(_reasons().values())


def test_a_staff_name_elsewhere_makes_a_repeated_name_staff():
    from safepost.engine import scan
    r = scan("Shout-out to Gloria Fitzgerald, our front desk queen! Gloria, we'll miss your laugh.", kind="post")
    assert not any(f.is_phi for f in r.findings if f.label == "NAME")
