"""`post_published`: a post reached the state "published" (every channel delivered).

Sent once per post by `publishing._finish`, INSIDE the transaction that records the publication:

    post_published.send(sender=Post, post=post, who=who)

Receivers (the incidents app opens an incident when the post was released by an override) write
rows only; an exception rolls the recording back and the delivery is retried (idempotently).
"""

from django.dispatch import Signal

post_published = Signal()
