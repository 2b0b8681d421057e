"""The demo organization's people have their training done, so the demo can post and reply."""

from __future__ import annotations

from safepost.app import demo
from safepost.app.accounts.models import Organization
from safepost.app.accounts.rules import Role
from safepost.app.posts.models import Post
from safepost.app.training import services
from safepost.app.training.models import Completion
from safepost.app.training.rules import Standing


def test_the_demo_personas_are_trained_and_the_posts_demo_could_submit(db):
    people = demo.load()
    org = Organization.objects.get(slug=demo.DEMO_SLUG)
    for role, (user, _) in people.items():
        assert services.is_current(org, user), role
    report = {m.role: m.standing for m in services.team_report(org)}
    assert report[Role.AUTHOR] is Standing.DUE_SOON and report[Role.ADMIN] is Standing.CURRENT
    assert Post.objects.filter(org=org, state="in_review").exists()
    n = Completion.objects.filter(org=org).count()
    demo.load()
    assert Completion.objects.filter(org=org).count() == n
