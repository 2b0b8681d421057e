"""The operator commands: createuser, apikey create, check (serve is exercised by the browser
tests, which start it as a real process)."""

import pytest

from safepost.app.accounts.models import ApiKey, Membership, Organization, User
from safepost.app.accounts.services import authenticate_api_key
from safepost.app.audit.models import AuditEntry
from safepost.cli import main


@pytest.fixture
def password_file(tmp_path):
    p = tmp_path / "pw"
    p.write_text("a long enough passphrase\n")
    return str(p)


def test_createuser_adds_a_person_and_the_organization(db, password_file, capsys):
    assert main(["createuser", "--org", "northside", "--email", "Nina@Example.test", "--role", "privacy",
                 "--password-file", password_file]) == 0
    m = Membership.objects.get(user__email="nina@example.test")
    assert (m.org.slug, m.role) == ("northside", "privacy")
    assert m.user.check_password("a long enough passphrase")
    assert "Privacy officer in northside" in capsys.readouterr().out
    assert AuditEntry.objects.filter(org=m.org, action="member.add", actor__startswith="cli:").exists()


def test_createuser_changes_the_role_of_an_existing_member(people, capsys):
    assert main(["createuser", "--org", "acme", "--email", "andy@acme.test", "--role", "reviewer"]) == 0
    assert Membership.objects.get(user=people["andy"]).role == "reviewer"
    e = AuditEntry.objects.get(org=people.acme, action="member.role_change")
    assert e.meta == {"user_id": people["andy"].pk, "from_role": "author", "to_role": "reviewer"}


def test_createuser_explains_a_weak_password(db, tmp_path, capsys):
    p = tmp_path / "pw"
    p.write_text("short\n")
    assert main(["createuser", "--org", "acme", "--email", "x@acme.test", "--role", "author",
                 "--password-file", str(p)]) == 1
    assert "too short" in capsys.readouterr().err
    assert not User.objects.filter(email="x@acme.test").exists()


@pytest.mark.parametrize("password,message", [
    ("aaaaaaaaaaaa", "too easy to guess"), ("zelda-rowan-harbor-lamp", "contains your e-mail name"),
])
def test_createuser_refuses_a_guessable_password_or_one_holding_the_e_mail_name(db, tmp_path, capsys,
                                                                                password, message):
    p = tmp_path / "pw"
    p.write_text(password + "\n")
    assert main(["createuser", "--org", "acme", "--email", "zelda.rowan@acme.test", "--role", "author",
                 "--password-file", str(p)]) == 1
    err = capsys.readouterr().err
    assert message in err and "passphrase of four or more unrelated words" in err
    assert not User.objects.filter(email="zelda.rowan@acme.test").exists()


@pytest.mark.parametrize("argv,message", [
    (["--org", "acme", "--email", "x@acme.test", "--role", "boss"], "--role must be one of"),
    (["--org", "Not A Slug", "--email", "x@acme.test", "--role", "author"], "slug"),
    (["--org", "acme", "--email", "not-an-email", "--role", "author"], "not a valid email"),
])
def test_createuser_validates_its_arguments(db, password_file, capsys, argv, message):
    try:
        code = main(["createuser", *argv, "--password-file", password_file])
    except SystemExit as e:
        code = e.code
    assert code in (1, 2)
    assert message in capsys.readouterr().err


def test_apikey_create_prints_the_key_alone_on_stdout(people, capsys):
    assert main(["apikey", "create", "--org", "acme", "--name", "ci"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("sp_")
    principal = authenticate_api_key(out.strip())
    assert principal.key.org == people.acme and principal.key.user is None
    assert out.strip().split("_", 2)[2] not in ApiKey.objects.get().secret_hash


def test_apikey_create_for_a_member(people, capsys):
    assert main(["apikey", "create", "--org", "acme", "--name", "rita's", "--user", "rita@acme.test"]) == 0
    principal = authenticate_api_key(capsys.readouterr().out.strip())
    assert principal.key.user == people["rita"] and principal.role.value == "reviewer"


def test_apikey_create_refuses_an_unknown_org_or_outsider(people, capsys):
    assert main(["apikey", "create", "--org", "nope", "--name", "x"]) == 1
    assert main(["apikey", "create", "--org", "acme", "--name", "x", "--user", "charlie@other.test"]) == 1
    err = capsys.readouterr().err
    assert "no organization 'nope'" in err and "not a member" in err


def test_check_reports_the_database_situation(db, capsys):
    from django.db import connection

    if connection.vendor == "sqlite":   # SQLite is fine on one machine: a warning, exit 0
        assert main(["check"]) == 0
        assert "safepost.W003" in capsys.readouterr().out
    else:                               # PostgreSQL with the keys beside it in ./data: errors
        assert main(["check"]) == 1
        out = capsys.readouterr().out
        assert "safepost.E002" in out and "safepost.E003" in out


def test_check_fails_on_debug(db, capsys, settings):
    settings.DEBUG = True
    assert main(["check"]) == 1
    assert "safepost.E001" in capsys.readouterr().out


def test_organizations_cannot_be_deleted_while_they_have_an_audit_trail(people):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Organization.objects.get(slug="acme").delete()
