"""NRM service directory: who offers which assistance, in which languages, to whom; shelter beds."""
