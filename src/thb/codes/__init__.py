"""Code lists and cross-walks (HTCDS 2.0, Eurostat, ISO 3166): the one place a code is spelled.

HTCDS 2.0 code lists: International Organization for Migration, Counter Trafficking Data
Collaborative, licensed CC BY 4.0.
"""
