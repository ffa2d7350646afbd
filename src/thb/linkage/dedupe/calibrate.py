"""Conditional u-probabilities for fields that names already predict.

Citizenship follows from the family name (Popescu → RO) and sex from the given name
(Ioana → F). Random-pair u says two strangers share citizenship 4% of the time, but two
strangers *with the same family name* share it most of the time, so the model, which
assumes independence, would count a common name twice. We measure u among strangers who
share the name and use that: agreement then adds little, disagreement still counts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def _pairs(frame: pd.DataFrame, keys: list[str]) -> int:
    """Pairs of rows that agree on all ``keys``."""
    sizes = frame.groupby(keys, dropna=False, sort=False).size()
    return int((sizes * (sizes - 1) // 2).sum())


def conditional_agreement_u(
    records: pd.DataFrame, block: str | list[str], column: str, *, year: str = "birth_year"
) -> float | None:
    """Share of same-``block`` pairs agreeing on ``column``, leaving out same-year pairs.

    Pairs born in the same year are left out because they hold the true matches, which
    would inflate the share. None when there are too few pairs to say.
    """
    keys = [block] if isinstance(block, str) else list(block)
    rows = records[[*keys, column, year]].dropna(subset=[*keys, column])
    # integer codes make the group-bys fast on 10^6 rows; missing years form one group
    rows = pd.DataFrame({c: pd.factorize(rows[c], use_na_sentinel=False)[0] for c in rows})
    total = _pairs(rows, keys) - _pairs(rows, [*keys, year])
    agree = _pairs(rows, [*keys, column]) - _pairs(rows, [*keys, column, year])
    if total < 100:
        return None
    return min(max(agree / total, 1e-4), 1 - 1e-4)


def set_nested_u(linker: Any, output_column: str, agree_u: list[float]) -> None:
    """Set u of nested agreement levels (each implies the next, e.g. same organisation then
    same country) from the shares of pairs agreeing at least that far; else gets the rest."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name != output_column:
            continue
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        previous = 0.0
        for level, share in zip(levels, agree_u, strict=False):
            level.u_probability = max(share - previous, 1e-4)
            previous = share
        levels[-1].u_probability = max(1.0 - previous, 1e-4)


NAMES = ["family_key", "given_key"]
EM_PLAN: dict[str, tuple[str | list[str], list[str]]] = {
    "sex": (NAMES, ["sex"]),
    "citizenship": (NAMES, ["citizenship"]),
    "source": (NAMES, ["source", "reporting_country"]),
}
PREDICT_PLAN: dict[str, tuple[str | list[str], list[str]]] = {
    "citizenship": ("family_key", ["citizenship"]),
    "sex": ("given_key", ["sex"]),
    "source": ("family_key", ["source", "reporting_country"]),
}


def apply_conditional_u(
    linker: Any, records: pd.DataFrame, plan: dict[str, tuple[str | list[str], list[str]]]
) -> None:
    """Replace random-pair u by same-name u for the comparisons in ``plan``.

    ``EM_PLAN`` fits the full-name EM block (strangers there share both names);
    ``PREDICT_PLAN`` fits scoring, where the question is what agreement adds once the
    names agree.
    """
    for output, (block, columns) in plan.items():
        present = [c for c in columns if c in records.columns]
        if not present or present[0] != columns[0]:
            continue
        shares = [conditional_agreement_u(records, block, c) for c in present]
        known = [s for s in shares if s is not None]
        if len(known) == len(shares):
            set_nested_u(linker, output, known)


# Levels of each comparison that imply the prior rule's equality (exact, or equal keys).
RULE_LEVELS = {
    "given_name": ("Exact match", "transliteration fold equal"),
    "family_name": ("Exact match", "transliteration fold equal"),
    "birth_date": ("exact",),
}


def _agree_m(linker: Any, output_column: str, labels: tuple[str, ...]) -> float:
    """Trained m summed over the levels whose label starts with one of ``labels``."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name == output_column:
            return float(
                sum(
                    level.m_probability or 0.0
                    for level in comparison.comparison_levels
                    if not level.is_null_level and level.label_for_charts.startswith(labels)
                )
            )
    return 1.0


def rule_recall(linker: Any, records: pd.DataFrame, date_col: str) -> float:
    """Share of true pairs the prior rule (both name keys and ``date_col`` equal) catches.

    From the trained model: per field, the m of the levels that imply equality times the
    share of records that have the field (a missing birth date or name is mostly the
    person's, e.g. no documents, so both of a person's records tend to lack it or not).
    """
    fields = {"given_name": "given_key", "family_name": "family_key", "birth_date": date_col}
    recall = 1.0
    for output, column in fields.items():
        present = float(records[column].notna().mean())
        labels = (
            RULE_LEVELS[output]
            if output != "birth_date" or date_col == "birth_date_full"
            else ("exact", "day and month", "year-only estimate agrees", "same month")
        )
        recall *= present * _agree_m(linker, output, labels)
    return min(max(recall, 0.05), 1.0)


def context_key(records: pd.DataFrame, column: str, context: str) -> pd.Series:
    """``context|value`` per record (None where the value is missing; '?' for no context)."""
    ctx = records[context].astype(object).where(records[context].notna(), "?").astype(str)
    value = records[column]
    return (ctx + "|" + value.astype(str)).where(value.notna(), None).astype(object)


def context_frequencies(keys: pd.Series) -> pd.DataFrame:
    """Term-frequency lookup giving each ``context|value`` the value's share within its context.

    Given names follow nationality (Thi Lan among Vietnamese, Sophie among Dutch): two
    strangers who share a family name mostly share a nationality too, so the chance that
    they also share a given name is its frequency among that nationality, not overall.
    Using the overall frequency counts the nationality twice and makes common names of a
    small community look rare.
    """
    counts = keys.dropna().value_counts()
    context = counts.index.to_series().str.split("|", n=1).str[0]
    totals = counts.groupby(context.to_numpy()).transform("sum")
    name = keys.name if isinstance(keys.name, str) else "value"
    return pd.DataFrame({name: counts.index.to_numpy(), f"tf_{name}": (counts / totals).to_numpy()})
