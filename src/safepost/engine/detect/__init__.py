"""Detectors: each finds one family of Safe Harbor identifiers and returns `Candidate`s.

They only find; `safepost.engine.context` decides whose identifier each one is.
"""

from safepost.engine.detect import contact, dates, names, numbers, places

ALL = (contact.find, numbers.find, dates.find, places.find, names.find)

__all__ = ["ALL"]
