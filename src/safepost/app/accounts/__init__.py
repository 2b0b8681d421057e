"""Organizations (tenants), people, memberships with roles, login security and API keys."""
