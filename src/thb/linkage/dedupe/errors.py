"""Exceptions of the deduplication subpackage."""


class DedupeInputError(ValueError):
    """Input records cannot be deduplicated; the message names the column or the row."""


class DecisionConflictError(ValueError):
    """Human review decisions contradict each other (a match chain joins a non-match pair)."""
