"""Every model change has its migration: `makemigrations --check` finds nothing to write (helpers'
branches merged together must not leave two migrations with the same number or a missing one)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)   # exits 1 when something is missing
    assert "No changes detected" in out.getvalue()
