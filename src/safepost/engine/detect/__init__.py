"""Detectors: each finds one family of Safe Harbor identifiers and returns `Candidate`s.

They only find; `safepost.engine.context` decides whose identifier each one is.
"""

from safepost.engine.detect import addresses, contact, cued_names, dates, financial, names, numbers, places, venues

ALL = (contact.find, financial.find, numbers.find, dates.find, places.find, addresses.find, venues.find, names.find, cued_names.find)

__all__ = ["ALL"]
