"""Referral mechanism: identification checklists, referral rules, deadlines, minimisation, TRM."""
