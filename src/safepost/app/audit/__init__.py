"""The audit log: append-only (database triggers), hash-chained per organization, PHI-free.

Write to it only through `safepost.app.audit.services.record`.
"""
