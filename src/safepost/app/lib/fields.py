"""`EncryptedTextField`: a TextField stored as AES-GCM ciphertext (see `lib.keyring`).

Use it for every PHI-bearing or secret column (consent subjects, incident details, inbound
message bodies, TOTP secrets, platform credentials):

    body = EncryptedTextField()

The value is encrypted in `get_prep_value`, decrypted in `from_db_value`; the column cannot be
filtered or ordered on (the ciphertext is randomized). `safepost keys rotate` finds every such
field through the app registry and re-encrypts it under the current key.
"""

from __future__ import annotations

import functools

from django.db import models

from safepost.app.lib import datadir
from safepost.app.lib.keyring import Keyring


@functools.lru_cache(maxsize=1)
def keyring() -> Keyring:
    return Keyring.load(datadir.keys_path())


def reload_keyring() -> Keyring:
    keyring.cache_clear()
    return keyring()


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest with AES-GCM"

    def aad(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return keyring().decrypt(value, self.aad())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return keyring().encrypt(value, self.aad())

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            return None  # nothing but isnull makes sense on randomized ciphertext
        return super().get_lookup(lookup_name)


def encrypted_fields():
    """Every (model, field) pair that stores ciphertext, for rotation and checks."""
    from django.apps import apps

    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                yield model, f
