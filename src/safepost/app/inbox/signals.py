"""`item_past_sla`: an open inbox item passed its first-response time (`due_at`) unanswered.

Sent once per item by `sla.flag_past_sla` (the worker job `inboxsla`), INSIDE the transaction
that records the breach (audit `inbox.sla_breach`, notification INBOX_SLA_BREACH):

    item_past_sla.send(sender=Item, item=item, who=who)

Receivers (the incidents app opens an incident when the item carries PHI and is still public on
its platform) write rows only; an exception rolls the recording back and the item is retried.
"""

from django.dispatch import Signal

item_past_sla = Signal()

# `reply_released`: a blocked reply a privacy officer released went out (or was recorded for
# posting by hand, or failed at the platform and was kept as failed). Sent by
# services._deliver INSIDE the transaction recording that outcome:
#
#     reply_released.send(sender=Reply, reply=reply, who=who)
#
# The incidents app opens an incident (identifier types from `reply.labels`, never the text).
reply_released = Signal()
