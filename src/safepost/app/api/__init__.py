"""The JSON API under /api/v1/ (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs."""
