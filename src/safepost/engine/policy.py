"""An organization's policy: who it is (so its own identifiers are not PHI) and local tuning.

A policy file is TOML::

    [organization]
    name = "Lakeside Regional Medical Center"
    aliases = ["Lakeside Regional"]
    phones = ["(555) 201-3344"]
    addresses = ["1200 Harbor Blvd"]
    domains = ["lakesideregional.org"]
    handles = ["@lakesideregional"]
    staff = ["Dr. Maria Chen", "Becca Holt"]

    [terms]
    allow = ["Harbor Blvd"]          # never flagged
    health = ["hyperbaric"]          # extra health-information words
    block = ["code brown"]           # always at least NEEDS_AUTHORIZATION

    [thresholds]
    name = 0.4                       # minimum score for a name finding (0.4–0.9; higher = fewer, surer names)
    verdict = "balanced"             # the learned verdict's operating point: "strict" (catches more,
                                     # more false alarms), "balanced", or a probability such as 0.3
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safepost.engine.model.linear import PostModel


OPERATING_POINTS = ("strict", "balanced")


class PolicyError(ValueError):
    """A policy file that cannot be used; the message says what to fix."""


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)[-10:]


@dataclass(frozen=True)
class Policy:
    name: str = ""
    aliases: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    allow_terms: tuple[str, ...] = ()
    health_terms: tuple[str, ...] = ()
    block_terms: tuple[str, ...] = ()
    name_threshold: float = 0.4
    operating_point: str | float = "balanced"
    _phone_digits: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    # the organization's own learned model (engine/adapt.py: the base plus its reviewers' marks);
    # None: the model shipped with SafePost
    model: PostModel | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_phone_digits", frozenset(_digits(p) for p in self.phones if _digits(p)))
        if not 0.0 <= self.name_threshold <= 1.0:
            raise PolicyError(f"thresholds.name must be between 0 and 1, got {self.name_threshold}")
        op = self.operating_point
        if not (op in OPERATING_POINTS or (isinstance(op, float) and 0.0 < op < 1.0)):
            raise PolicyError(f"thresholds.verdict must be one of {', '.join(OPERATING_POINTS)} or a probability "
                              f"between 0 and 1 (lower catches more, with more false alarms); got {op!r}")

    # -- questions the engine asks -------------------------------------------------------------
    def owns_phone(self, text: str) -> bool:
        d = _digits(text)
        return bool(d) and d in self._phone_digits

    def owns_domain(self, text: str) -> bool:
        low = text.lower()
        return any(d.lower() in low for d in self.domains)

    def owns_handle(self, text: str) -> bool:
        low = text.lower().lstrip("@")
        return any(h.lower().lstrip("@") == low for h in self.handles)

    def owns_address(self, text: str) -> bool:
        low = text.lower()
        return any(a.lower() in low or low in a.lower() for a in self.addresses if len(low) >= 4)

    def is_staff_name(self, text: str) -> bool:
        low = set(re.findall(r"[a-z]+", text.lower())) - {"dr", "nurse"}
        if not low:
            return False
        for s in self.staff:
            parts = set(re.findall(r"[a-z]+", s.lower())) - {"dr", "nurse", "md", "rn", "dds"}
            if low <= parts:
                return True
        return False

    def is_allowed(self, text: str) -> bool:
        low = text.lower()
        return any(t.lower() == low or t.lower() in low for t in self.allow_terms)

    # -- loading ---------------------------------------------------------------------------------
    @classmethod
    def from_toml(cls, path: str | Path) -> "Policy":
        import tomllib   # only policy files need it: ~8 ms at start-up saved for everything else
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PolicyError(f"policy file not found: {p}") from None
        except tomllib.TOMLDecodeError as e:
            raise PolicyError(f"policy file {p} is not valid TOML: {e}") from None
        return cls.from_dict(data, source=str(p))

    @classmethod
    def from_dict(cls, data: dict, source: str = "policy") -> "Policy":
        known = {"organization", "terms", "thresholds"}
        unknown = set(data) - known
        if unknown:
            raise PolicyError(f"{source}: unknown section(s) {sorted(unknown)}; expected {sorted(known)}")
        org = data.get("organization", {})
        terms = data.get("terms", {})
        thr = data.get("thresholds", {})
        for where, section in (("organization", org), ("terms", terms), ("thresholds", thr)):
            if not isinstance(section, dict):
                raise PolicyError(f"{source}: [{where}] must be a table (a [{where}] section with key = value lines)")

        def strings(section: dict, key: str, where: str) -> tuple[str, ...]:
            v = section.get(key, [])
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise PolicyError(f"{source}: [{where}] {key} must be a list of strings")
            return tuple(v)

        for section, allowed, where in (
            (org, {"name", "aliases", "phones", "addresses", "domains", "handles", "staff"}, "organization"),
            (terms, {"allow", "health", "block"}, "terms"),
            (thr, {"name", "verdict"}, "thresholds"),
        ):
            extra = set(section) - allowed
            if extra:
                raise PolicyError(f"{source}: [{where}] has unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")
        name = org.get("name", "")
        if not isinstance(name, str):
            raise PolicyError(f"{source}: [organization] name must be a string")
        threshold = thr.get("name", 0.4)
        if not isinstance(threshold, (int, float)):
            raise PolicyError(f"{source}: [thresholds] name must be a number between 0 and 1")
        return cls(
            name=name,
            aliases=strings(org, "aliases", "organization"),
            phones=strings(org, "phones", "organization"),
            addresses=strings(org, "addresses", "organization"),
            domains=strings(org, "domains", "organization"),
            handles=strings(org, "handles", "organization"),
            staff=strings(org, "staff", "organization"),
            allow_terms=strings(terms, "allow", "terms"),
            health_terms=strings(terms, "health", "terms"),
            block_terms=strings(terms, "block", "terms"),
            name_threshold=float(threshold),
            operating_point=_operating_point(thr.get("verdict", "balanced"), source),
        )


def _operating_point(value, source: str) -> str | float:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise PolicyError(f"{source}: [thresholds] verdict must be \"strict\", \"balanced\" or a number between 0 and 1")
    return value if isinstance(value, str) else float(value)


DEFAULT_POLICY = Policy()
