"""Key rotation: a new current key, then every encrypted column re-encrypted under it."""

from __future__ import annotations

from django.db import transaction

from safepost.app.audit.services import Who, record
from safepost.app.lib import datadir
from safepost.app.lib.fields import encrypted_fields, keyring, reload_keyring


def rotate() -> tuple[str, dict[str, int]]:
    path = datadir.keys_path()
    new = keyring().with_new_key()
    new.save(path)
    reload_keyring()
    counts: dict[str, int] = {}
    for model, field in encrypted_fields():
        n = 0
        with transaction.atomic():
            for pk, value in model._default_manager.exclude(**{field.name: ""}).exclude(
                    **{f"{field.name}__isnull": True}).values_list("pk", field.name).iterator():
                model._default_manager.filter(pk=pk).update(**{field.name: value})
                n += 1
        counts[f"{model._meta.label}.{field.name}"] = n
    with transaction.atomic():
        record(Who.cli(None), "keys.rotate", meta={"key_id": new.current, "rows": sum(counts.values())})
    return new.current, counts
