"""`safepost-admin rotate-keys` is `safepost keys rotate`: stopped after one batch it leaves
every row readable under the old or the new key, `--resume` finishes under the same new key,
and each step is in the audit log."""

from __future__ import annotations

import pytest
from django.db import connection

from safepost.admin import main as admin
from safepost.app.accounts.models import User
from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import verify
from safepost.app.lib import datadir
from safepost.app.lib.fields import keyring, reload_keyring
from safepost.app.lib.keyring import Keyring

SECRETS = {name: f"JBSWY3DPEHPK3PX{i}" for i, name in enumerate(["alice", "pat", "rita", "andy", "cora", "charlie"])}


@pytest.fixture
def secrets_set(people):
    saved = datadir.keys_path().read_text()
    for name, secret in SECRETS.items():
        people[name].totp_secret = secret
        people[name].save()
    yield people
    datadir.keys_path().write_text(saved)
    reload_keyring()


def key_ids() -> list[str | None]:
    with connection.cursor() as cur:
        cur.execute("SELECT totp_secret FROM accounts_user WHERE totp_secret <> '' ORDER BY id")
        return [Keyring.key_id_of(v) for (v,) in cur.fetchall()]


def readable(people) -> bool:
    return all(User.objects.get(pk=people[n].pk).totp_secret == s for n, s in SECRETS.items())


def rotations() -> list[dict]:
    return [{"action": e.action, **e.meta} for e in
            AuditEntry.objects.filter(action__startswith="keys.rotate").order_by("id")]


def test_a_rotation_stopped_after_one_batch_leaves_every_row_readable_and_resumes(secrets_set, capsys):
    old = keyring().current
    assert admin(["rotate-keys", "--batch-size", "2", "--max-batches", "1"]) == 0
    new = keyring().current
    assert new != old and old in keyring().keys
    ids = key_ids()
    assert ids.count(new) == 2 and ids.count(old) == len(SECRETS) - 2
    assert readable(secrets_set)
    assert "--resume" in capsys.readouterr().out

    assert admin(["rotate-keys", "--resume", "--batch-size", "2"]) == 0
    assert keyring().current == new                     # resuming adds no key
    assert set(key_ids()) == {new}
    assert readable(secrets_set)
    steps = rotations()
    assert [s["action"] for s in steps] == ["keys.rotate_begin", "keys.rotate", "keys.rotate"]
    assert steps[1]["complete"] is False and steps[1]["remaining"] == len(SECRETS) - 2
    assert steps[2]["complete"] is True and steps[2]["rows"] == len(SECRETS) - 2
    assert all(not r.problems for r in verify())


def test_the_admin_command_and_safepost_keys_rotate_are_one_rotation(secrets_set):
    from safepost.cli import main as safepost

    assert safepost(["keys", "rotate", "--batch-size", "3"]) == 0
    first = keyring().current
    assert admin(["rotate-keys"]) == 0
    assert keyring().current != first and set(key_ids()) == {keyring().current}
    assert [s["action"] for s in rotations()] == ["keys.rotate_begin", "keys.rotate"] * 2
    assert readable(secrets_set)


def test_a_row_written_during_a_stopped_rotation_is_under_the_new_key_and_is_not_redone(secrets_set):
    assert admin(["rotate-keys", "--batch-size", "1", "--max-batches", "1"]) == 0
    u = secrets_set["cora"]
    u.totp_secret = "NEWSECRETNEWSECR"
    u.save()
    assert admin(["rotate-keys", "--resume"]) == 0
    assert rotations()[-1]["rows"] == len(SECRETS) - 2
    assert User.objects.get(pk=u.pk).totp_secret == "NEWSECRETNEWSECR"


@pytest.mark.parametrize("args", [["--batch-size", "0"], ["--max-batches", "0"]])
def test_a_batch_limit_below_one_is_a_usage_error(args, capsys):
    assert admin(["rotate-keys", *args]) == 2
    assert "at least 1" in capsys.readouterr().err
