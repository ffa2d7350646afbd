"""Users, organisations, roles, sessions and tokens, the audit chain, field encryption."""
