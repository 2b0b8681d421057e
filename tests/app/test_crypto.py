"""Encryption at rest: AES-GCM with the key id in the ciphertext, and rotation."""

import json

import pytest
from django.db import connection

from safepost.app.accounts.models import User
from safepost.app.lib import datadir
from safepost.app.lib.fields import keyring, reload_keyring
from safepost.app.lib.keyring import Keyring, KeyringError
from safepost.cli import main


def raw_column(user_id):
    with connection.cursor() as cur:
        cur.execute("SELECT totp_secret FROM accounts_user WHERE id = %s", [user_id])
        return cur.fetchone()[0]


def test_secrets_are_ciphertext_in_the_database(people):
    u = people["alice"]
    u.totp_secret = "JBSWY3DPEHPK3PXP"
    u.save()
    stored = raw_column(u.pk)
    assert stored.startswith(f"sp1:{keyring().current}:") and "JBSWY3DPEHPK3PXP" not in stored
    assert User.objects.get(pk=u.pk).totp_secret == "JBSWY3DPEHPK3PXP"


def test_the_same_value_encrypts_differently_each_time():
    ring = Keyring.generate()
    assert ring.encrypt("x", "a.B.c") != ring.encrypt("x", "a.B.c")


def test_a_ciphertext_moved_to_another_column_does_not_decrypt():
    ring = Keyring.generate()
    with pytest.raises(KeyringError, match="another column"):
        ring.decrypt(ring.encrypt("secret", "accounts.User.totp_secret"), "consent.Consent.subject")


def test_an_altered_ciphertext_does_not_decrypt():
    ring = Keyring.generate()
    c = ring.encrypt("secret", "a")
    flipped = c[:-2] + ("A" if c[-2] != "A" else "B") + c[-1]
    with pytest.raises(KeyringError):
        ring.decrypt(flipped, "a")


@pytest.mark.parametrize("text,problem", [
    ("not json", "not valid JSON"),
    (json.dumps({"current": "k9", "keys": {"k1": "AAAA"}}), "current key"),
    (json.dumps({"current": "k1", "keys": {"k1": "AAAA"}}), "32"),
])
def test_a_bad_keyring_is_reported_clearly(text, problem):
    with pytest.raises(KeyringError, match=problem):
        Keyring.loads(text)


def test_rotation_re_encrypts_under_a_new_key_and_old_values_stay_readable(people, capsys):
    saved = datadir.keys_path().read_text()
    try:
        u = people["pat"]
        u.totp_secret = "JBSWY3DPEHPK3PXP"
        u.save()
        old_kid = Keyring.key_id_of(raw_column(u.pk))
        assert main(["keys", "rotate"]) == 0
        new_kid = keyring().current
        assert new_kid != old_kid
        assert Keyring.key_id_of(raw_column(u.pk)) == new_kid
        assert User.objects.get(pk=u.pk).totp_secret == "JBSWY3DPEHPK3PXP"
        assert "accounts.User.totp_secret" in capsys.readouterr().out
    finally:
        datadir.keys_path().write_text(saved)
        reload_keyring()
