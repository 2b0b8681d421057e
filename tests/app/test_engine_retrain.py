"""`safepost engine retrain --org` / `engine use`: an organization's own model fitted on its
reviewers' marks, stored encrypted, used in its scans only when enabled; other organizations keep
the shipped base model."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from safepost.app.audit.models import AuditEntry
from safepost.app.audit.services import Who
from safepost.app.posts import marks, services
from safepost.app.posts.models import OrgEngineModel
from safepost.admin import main as admin
from safepost.cli import main

from .posting import *  # noqa: F401,F403

NAMES = ["Paul Grant", "Tom Reyes", "Ana Silva", "Mark Olsen", "Grace Kim", "Omar Haddad", "Rosa Diaz",
         "Ivan Petrov", "Mei Chen", "Sam Ortiz", "Nora Blake", "Eli Cohen"]
# A mark teaches something only where the shipped model is wrong: each name gets the first template (in
# turn) that the shipped model gets wrong (tests/engine/test_adapt.py chooses its marks the same way).
FALSE_ALARMS = ["{n} from our billing team baked cookies for everyone today.",
                "{n} from our records team brought donuts for everyone today.",
                "{n} from our billing team ran the charity 5K this morning.",
                "{n} from our front desk team brought bagels for everyone this morning.",
                "{n} from our billing office organized the food drive today."]
MISSED = ["Thank you {n} for the sweet note about our new parking garage!",
          "Thanks {n} for the kind words about our new waiting room!",
          "Thank you {n} for the lovely card about our new lobby!"]
STAFF_NEWS = "Jon Weber from our billing team baked muffins for everyone today."
THANK_YOU = "Thank you Jon Weber for the lovely card about our new lobby!"


def _wrong_on(templates: list[str], i: int, name: str, phi: bool) -> str:
    from safepost.engine import scan
    for k in range(len(templates)):
        text = templates[(i + k) % len(templates)].format(n=name)
        if scan(text).flag != phi:
            return text
    raise AssertionError(f"the shipped model gets every template right for {name}: add templates")


@pytest.fixture
def marked(people, who):
    """Marks by acme's reviewers: n false alarms and n missed PHI."""
    def make(n=len(NAMES)):
        for i, name in enumerate(NAMES[:n]):
            for text, kind in ((_wrong_on(FALSE_ALARMS, i % 3, name, False), "false_alarm"),
                               (_wrong_on(MISSED, i % 2, name, True), "missed_phi")):
                post = services.create_post(who("andy"), people.acme, text)
                marks.mark(who("rita" if i % 2 else "pat"), post, kind)
    return make


def verdicts(org):
    policy = services.policy_for(org)
    from safepost.engine import scan
    return [scan(t, org=policy).verdict.value for t in (STAFF_NEWS, THANK_YOU)]


def test_retrain_fits_stores_encrypted_and_the_org_scans_move_the_marked_way(people, marked, capsys, who):
    marked()
    for text in (STAFF_NEWS, "Flu shots are available at all our clinics this week. Walk in any time!"):
        services.create_post(who("andy"), people.acme, text)      # unmarked
    assert verdicts(people.acme)[0] != "ALLOW" and verdicts(people.acme)[1] == "ALLOW"
    assert main(["engine", "retrain", "--org", "acme"]) == 0
    out = capsys.readouterr().out
    assert "fitted on 24 marks" in out and "5-fold cross-validation" in out
    assert "base model:         false alarms now allowed 0/12, missed PHI now flagged 0/12" in out
    assert "organization model: false alarms now allowed" in out and "in use for acme's scans: no" in out
    assert "on acme's 2 latest unmarked posts its model turns 1 flagged → allowed and 0 allowed → flagged" in out
    assert verdicts(people.acme)[1] == "ALLOW"             # stored, not yet in use
    assert main(["engine", "use", "--org", "acme", "on"]) == 0
    assert verdicts(people.acme) == ["ALLOW", "NEEDS_AUTHORIZATION"]
    assert verdicts(people.other)[0] != "ALLOW" and verdicts(people.other)[1] == "ALLOW"   # the base model
    post = services.create_post(Who.cli(people.acme), people.acme, STAFF_NEWS.replace("muffins", "pies"))
    assert post.verdict == "ALLOW"                        # the workflow's scans use it too
    with connection.cursor() as cur:
        cur.execute("SELECT correction FROM posts_orgenginemodel")
        assert "billing" not in cur.fetchone()[0]
    assert "billing" in OrgEngineModel.objects.get().correction
    entry = AuditEntry.objects.get(org=people.acme, action="engine.retrain")
    assert entry.meta["marks"] == 24 and "billing" not in json.dumps(entry.meta)
    assert admin(["engine", "use", "--org", "acme", "off"]) == 0      # safepost-admin: the same command
    assert verdicts(people.acme)[1] == "ALLOW"


def test_too_few_marks_are_said_clearly_and_nothing_is_stored(people, marked, capsys):
    marked(6)
    assert main(["engine", "retrain", "--org", "acme", "--enable"]) == 1
    assert "not retrained: 12 marks (6 false alarms, 6 missed PHI); an organization's model needs at least 20" \
        in capsys.readouterr().err
    assert not OrgEngineModel.objects.exists()
    assert main(["engine", "use", "--org", "acme", "on"]) == 1
    assert "no model of its own yet" in capsys.readouterr().err
    assert main(["engine", "retrain", "--org", "nosuch"]) == 1


def test_a_model_fitted_to_another_base_is_not_used(people, marked):
    marked()
    assert admin(["engine", "retrain", "--org", "acme", "--enable"]) == 0
    assert verdicts(people.acme)[0] == "ALLOW"
    OrgEngineModel.objects.update(base="an-older-base")
    assert verdicts(people.acme)[0] != "ALLOW"


def test_the_settings_page_shows_the_model_and_switches_it(people, marked, as_user):
    c = as_user("alice")
    assert "No model of this organization's own yet" in c.get("/o/acme/posts/settings/").content.decode()
    assert c.post("/o/acme/posts/settings/engine/", {"use": "on"}, follow=True).status_code == 200
    marked()
    assert main(["engine", "retrain", "--org", "acme"]) == 0
    page = c.get("/o/acme/posts/settings/").content.decode()
    assert "fitted on 24 marks. Scans use the base model" in page
    c.post("/o/acme/posts/settings/engine/", {"use": "on"})
    assert OrgEngineModel.objects.get().enabled
    assert verdicts(people.acme)[0] == "ALLOW"
    assert as_user("rita").post("/o/acme/posts/settings/engine/", {"use": "off"}).status_code == 403
    assert AuditEntry.objects.filter(org=people.acme, action="engine.use").count() == 1
