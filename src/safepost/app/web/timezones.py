"""Time zones people may choose: the IANA names Python knows (zoneinfo), validated here."""

from __future__ import annotations

import functools
import zoneinfo


@functools.cache
def choices() -> list[tuple[str, str]]:
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/")))
    return [("", "The service's default (UTC)"), ("UTC", "UTC")] + [(n, n.replace("_", " ")) for n in names]


def valid(name: str) -> bool:
    return name == "" or name in {n for n, _ in choices()}


def zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    if not name or not valid(name):
        return None
    return zoneinfo.ZoneInfo(name)
