"""The SafePost service: a Django project (settings, urls, wsgi) and one app per domain noun.

    accounts/  organizations, people, memberships and roles (the permission table), login, TOTP,
               lockout, API keys
    audit/     the append-only, hash-chained audit log: `safepost.app.audit.services.record`
    api/       the JSON API under /api/v1/ (django-ninja; OpenAPI at /api/openapi.json)
    web/       the HTML shell (htmx), the Scan page, /healthz, security headers
    lib/       framework-light helpers: data directory bootstrap, AES-GCM keyring, encrypted field

Operator commands (`safepost serve|migrate|createuser|apikey|audit|keys|check`) live in
`safepost.app.commands`.
"""
