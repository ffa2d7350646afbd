"""Conditional u-probabilities for fields that names already predict.

Citizenship follows from the family name (Popescu → RO) and sex from the given name
(Ioana → F). Random-pair u says two strangers share citizenship 4% of the time, but two
strangers *with the same family name* share it most of the time, so the model, which
assumes independence, would count a common name twice. We measure u among strangers who
share the name and use that: agreement then adds little, disagreement still counts.

Given names follow family names the same way: strangers called Nguyen share "Thi" or a
name within one letter (the pool of Vietnamese given names is small) far more often than
random pairs do. Scored pairs mostly share a family name, so the given-name levels' u is
measured among same-family strangers; with random-pair u the model was overconfident
(pairs it scored 0.75 were matches 59% of the time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl

from thb.linkage.dedupe.em_sample import block_pairs, coded_pairs
from thb.linkage.dedupe.model import (
    GIVEN_NAMES_DIFFER,
    SEX_WITH_OTHER_GIVEN_NAME,
    level_case_sql,
    reads_registration_together,
    registration_comparison,
    where_registered_comparison,
)
from thb.linkage.dedupe.rarity import WHERE_REGISTERED_BAND


def conditional_agreement_u(
    records: pd.DataFrame,
    block: str | list[str],
    column: str,
    *,
    year: str = "birth_year",
    coded: dict[str, np.ndarray] | None = None,
) -> float | None:
    """Share of same-``block`` pairs agreeing on ``column``, leaving out same-year pairs.

    Pairs born in the same year are left out because they hold the true matches, which
    would inflate the share. None when there are too few pairs to say. ``coded`` caches
    the columns' integer codes between calls (counting on codes is fast on 10^6 rows).
    """
    coded = {} if coded is None else coded

    def code(name: str) -> np.ndarray:
        if name not in coded:
            coded[name] = pd.factorize(records[name])[0].astype(np.int64)  # missing: -1
        return coded[name]

    keys = [block] if isinstance(block, str) else list(block)
    keep = np.logical_and.reduce([code(c) >= 0 for c in [*keys, column]])
    names = [code(k)[keep] for k in keys]
    agreeing, born = code(column)[keep], code(year)[keep] + 1  # missing years: one group
    total = coded_pairs(names) - coded_pairs([*names, born])
    agree = coded_pairs([*names, agreeing]) - coded_pairs([*names, agreeing, born])
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
    coded: dict[str, np.ndarray] = {}
    in_model = {c.output_column_name for c in linker._settings_obj.comparisons}
    for output, (block, columns) in plan.items():
        present = [c for c in columns if c in records.columns]
        if output not in in_model or not present or present[0] != columns[0]:
            continue
        shares = [conditional_agreement_u(records, block, c, coded=coded) for c in present]
        known = [s for s in shares if s is not None]
        if len(known) == len(shares):
            set_nested_u(linker, output, known)


# Same-family strangers compared to measure given-name u: enough for levels of 1e-4.
SAME_NAME_PAIRS = 2e6
# Birth years this far apart rule out a match (stated-age error is at most about 3 years).
STRANGER_YEAR_GAP = 4


def _level_counts(con: duckdb.DuckDBPyConnection, comparison: Any, pairs: str) -> dict[int, int]:
    """Pairs per level of ``comparison`` (null level left out) among the pairs the SQL
    ``from`` clause ``pairs`` gives, its sides' columns suffixed ``_l`` and ``_r``."""
    counts = con.execute(
        f"select case {level_case_sql(comparison)} end as level, count(*) {pairs} group by 1"
    ).fetchall()
    return {int(level): int(n) for level, n in counts if level is not None and level >= 0}


def _pattern_counts(
    con: duckdb.DuckDBPyConnection, comparisons: Sequence[Any], pairs: str
) -> pd.DataFrame:
    """Pairs per combination of levels (columns ``g0``, ``g1``... and ``n``) among the pairs
    ``pairs`` gives, as ``_level_counts`` does for one comparison: the pairs are joined
    once for all comparisons."""
    levels = ", ".join(f"case {level_case_sql(c)} end as g{k}" for k, c in enumerate(comparisons))
    return con.execute(f"select {levels}, count(*) as n {pairs} group by all").df()


def _columns_compared(records: pd.DataFrame, comparisons: Sequence[Any]) -> list[str]:
    """The columns of ``records`` the comparisons' levels read (as ``<column>_l``/``_r``)."""
    sql = " ".join(level_case_sql(c) for c in comparisons)
    named = set(re.findall(r"\b(\w+)_[lr]\b", sql))
    return [c for c in records.columns if c in named]


def _side(table: str, columns: Sequence[str], side: str) -> str:
    """``table`` as a subquery aliased ``side``, its columns suffixed ``_<side>``: the
    pandas table is read once, not copied per side (a copy took seconds at 10^6 rows)."""
    renamed = ", ".join(f'"{c}" as "{c}_{side}"' for c in columns)
    return f"(select {renamed} from {table}) {side}"


def same_block_level_shares(
    records: pd.DataFrame,
    comparison: Any,
    block: str | Sequence[str],
    *,
    max_pairs: float = SAME_NAME_PAIRS,
    seed: int = 0,
) -> dict[int, float] | None:
    """Share of each level of ``comparison`` among strangers who agree on ``block`` (a
    column, or columns that must all agree).

    Strangers are pairs born at least ``STRANGER_YEAR_GAP`` years apart; a seeded record
    sample keeps their number near ``max_pairs``. Runs on DuckDB whatever the engine, so
    DuckDB and Spark get the same values. None when there are too few pairs to say.
    """
    blocks = [block] if isinstance(block, str) else list(block)
    known = np.logical_and.reduce([records[c].notna() for c in [*blocks, "birth_year"]])
    columns = [*dict.fromkeys(["unique_id", "birth_year", *blocks])]
    columns += [c for c in _columns_compared(records, [comparison]) if c not in columns]
    rows = records.loc[known, columns]
    total = block_pairs(rows, blocks)
    if total < 100:
        return None
    share = min(1.0, (max_pairs / total) ** 0.5)
    sample = rows.sample(frac=share, random_state=seed) if share < 1.0 else rows
    same_block = " and ".join(f'l."{c}_l" = r."{c}_r"' for c in blocks)
    con = duckdb.connect()
    try:
        con.register("strangers", sample)
        counted = _level_counts(
            con,
            comparison,
            f"from {_side('strangers', columns, 'l')} join {_side('strangers', columns, 'r')} "
            f"on {same_block} and l.unique_id_l < r.unique_id_r "
            f"and abs(l.birth_year_l - r.birth_year_r) >= {STRANGER_YEAR_GAP}",
        )
    finally:
        con.close()
    seen = sum(counted.values())
    return {level: n / seen for level, n in counted.items()} if seen >= 100 else None


# Comparisons whose first level is one column's equality, with the column whose absence
# is the null level: that level's u is counted over every pair from value counts. An
# exact birth date is rare (u 6.5e-5 at 10^5 registrations), and 2 million sampled pairs
# put it anywhere from 5.7e-5 to 7.3e-5: 0.35 bits on every pair born the same day.
COUNTED_EXACTLY = {"birth_date": ("birth_date_full", "birth_year")}


def random_pair_u(
    records: pd.DataFrame, comparisons: Sequence[Any], *, max_pairs: float, seed: int = 0
) -> dict[str, dict[int, float]]:
    """Per comparison, the share of each level among random pairs of records: all pairs
    where there are at most ``max_pairs``, else that many drawn with NumPy's generator
    (but the first level of ``COUNTED_EXACTLY``'s comparisons over all pairs).

    Counted in DuckDB whatever the engine, so DuckDB and Spark score with the same u
    (Splink's own sampling draws with each engine's random numbers, and on 9,765
    registrations the two engines' clusters differed on 4 records).
    """
    n = len(records)
    rng = np.random.default_rng(seed)
    if n * (n - 1) / 2 <= max_pairs:
        left, right = np.triu_indices(n, k=1)
    else:
        left, right = rng.integers(0, n, (2, int(max_pairs)))
        left, right = left[left != right], right[left != right]
    columns = _columns_compared(records, comparisons)
    con = duckdb.connect()
    try:
        con.register("p", pd.DataFrame({"i": left, "j": right}))
        # the columns themselves, not a copy (copying took seconds at 10^6 rows)
        compared = {c: records[c] for c in columns} | {
            "row": pd.Series(np.arange(n), index=records.index)
        }
        con.register("records", pd.DataFrame(compared, copy=False))
        pairs = (
            f"from p join {_side('records', [*columns, 'row'], 'l')} on p.i = l.row_l "
            f"join {_side('records', [*columns, 'row'], 'r')} on p.j = r.row_r"
        )
        counts = _pattern_counts(con, comparisons, pairs)
        out = {}
        for k, comparison in enumerate(comparisons):
            by_level = counts.groupby(f"g{k}")["n"].sum()
            levels_seen = zip(by_level.index.to_numpy(int), by_level.to_numpy(int), strict=True)
            seen = {int(g): int(c) for g, c in levels_seen if g >= 0}
            total = sum(seen.values())
            built = comparison.get_comparison("duckdb")
            levels = [lv.comparison_vector_value for lv in built.comparison_levels]
            if total:  # a level no pair reached: as if half a pair had
                output = built.output_column_name
                shares = {g: max(seen.get(g, 0), 0.5) / total for g in levels if g >= 0}
                out[output] = _first_level_counted(records, output, shares)
    finally:
        con.close()
    return out


def _first_level_counted(
    records: pd.DataFrame, output: str, shares: dict[int, float]
) -> dict[int, float]:
    """``shares`` with the first level's share counted over all pairs (for the
    comparisons of ``COUNTED_EXACTLY``), the other levels scaled to make up the rest."""
    if output not in COUNTED_EXACTLY or not all(c in records for c in COUNTED_EXACTLY[output]):
        return shares
    equal, known = COUNTED_EXACTLY[output]
    n = int(records[known].notna().sum())
    first = max(shares)  # Splink numbers levels downwards: the first has the highest gamma
    rest = 1.0 - shares[first]
    if n < 2 or rest <= 0.0:
        return shares
    exact = max(block_pairs(records, [equal]), 0.5) / (n * (n - 1) / 2)
    scale = (1.0 - exact) / rest
    return {g: exact if g == first else share * scale for g, share in shares.items()}


def sex_u_when_given_names_differ(records: pd.DataFrame, *, seed: int = 0) -> float | None:
    """Share of same-family strangers with different given names whose sex differs too.

    Among same-name strangers a different sex is rare (a name says the sex), so that u
    makes a different sex weigh little; where the given names differ it is about even.
    """
    if "sex" not in records:
        return None
    probe = cl.CustomComparison(
        [
            cll.CustomLevel(f"({GIVEN_NAMES_DIFFER}) and sex_l <> sex_r"),
            cll.CustomLevel(f"({GIVEN_NAMES_DIFFER}) and sex_l = sex_r"),
            cll.ElseLevel(),
        ],
        output_column_name="sex_probe",
    )
    shares = same_block_level_shares(records, probe, "family_key", seed=seed)
    if shares is None or shares.get(2, 0.0) + shares.get(1, 0.0) == 0.0:
        return None
    return shares.get(2, 0.0) / (shares.get(2, 0.0) + shares.get(1, 0.0))


def comparison_level(linker: Any, output_column: str, label: str) -> Any:
    """The level of a comparison in the linker's model with this label."""
    comparison = linker._settings_obj._get_comparison_by_output_column_name(output_column)
    return next(lv for lv in comparison.comparison_levels if lv.label_for_charts == label)


def set_sex_u_when_given_names_differ(linker: Any, u: float) -> None:
    """u of the sex level for different given names (``model.sex_comparison``)."""
    comparison_level(linker, "sex", SEX_WITH_OTHER_GIVEN_NAME).u_probability = max(u, 1e-4)


def set_level_u(
    linker: Any, output_column: str, shares: dict[int, float], floor: float = 1e-5
) -> None:
    """Set u of every non-null level of a comparison from measured shares (floored)."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name == output_column:
            for level in comparison._comparison_levels_excluding_null:
                level.u_probability = max(shares.get(level.comparison_vector_value, 0.0), floor)


# Chance that two strangers' registrations carry the same document number, or numbers one
# character apart. Random pairs almost never do, so sampling cannot measure it; what makes
# it happen is a clerk copying another case's number. One in a million stranger pairs
# (about 20 bits for the same number) lets a number outweigh the prior at 10^6 records but
# not two names and a birth date that all disagree.
DOCUMENT_SAME_U, DOCUMENT_ONE_APART_U = 1e-6, 1e-5


def document_u(records: pd.DataFrame) -> dict[int, float] | None:
    """u of the document-number levels by gamma (the same, one character apart, different),
    or None where no two registrations carry a number."""
    if "document" not in records or records["document"].notna().sum() < 2:
        return None
    different = 1.0 - DOCUMENT_SAME_U - DOCUMENT_ONE_APART_U
    return {2: DOCUMENT_SAME_U, 1: DOCUMENT_ONE_APART_U, 0: different}


def registration_u(records: pd.DataFrame, *, seed: int = 0) -> dict[int, float] | None:
    """u of organisation and date read together (``model.registration_comparison``) by
    gamma, among same-family strangers: namesakes share a country far more often than
    random pairs, as they share a citizenship. None where the table reads them apart."""
    if not reads_registration_together(records):
        return None
    return same_block_level_shares(records, registration_comparison(), "family_key", seed=seed)


def where_registered_u(records: pd.DataFrame, *, seed: int = 0) -> dict[int, float] | None:
    """u of the share-of-citizenship levels (``model.where_registered_comparison``) by
    gamma, among strangers who share both names: the pairs a match competes with. (Among
    same-family strangers the smallest share's u was a third lower, and at 10^6 records
    the model linked too much: precision 0.974, a cluster of 7 where the largest person
    has 6.) Falls back to same-family strangers where too few share both names. None where
    the table has no bands or a level is never seen: its u would be a guess, and a small
    u a large weight."""
    if WHERE_REGISTERED_BAND not in records:
        return None
    comparison = where_registered_comparison()
    levels = len(comparison.get_comparison("duckdb").comparison_levels) - 1  # the null level
    for block in (["family_key", "given_key"], "family_key"):
        shares = same_block_level_shares(records, comparison, block, seed=seed)
        if shares is not None and len(shares) == levels:
            return shares
    return None


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


CONTEXT_PRIOR_RECORDS = 20  # pseudo-records of the overall name shares in each context


def context_frequencies(keys: pd.Series) -> pd.DataFrame:
    """Term-frequency lookup giving each ``context|value`` the value's share within its context.

    Given names follow nationality (Thi Lan among Vietnamese, Sophie among Dutch): two
    strangers who share a family name mostly share a nationality too, so the chance that
    they also share a given name is its frequency among that nationality, not overall.
    Using the overall frequency counts the nationality twice and makes common names of a
    small community look rare.

    A small community's shares are shrunk towards the value's overall share, as if
    ``CONTEXT_PRIOR_RECORDS`` more records followed it: among three Hungarians in a
    Romanian registry, two registrations of one Krisztina would otherwise make the name
    look as common as two in three, and agreeing on it worthless.
    """
    counts = keys.dropna().value_counts()
    parts = counts.index.to_series().str.split("|", n=1)
    context, value = parts.str[0].to_numpy(), parts.str[1].to_numpy()
    totals = counts.groupby(context).transform("sum")
    overall = counts.groupby(value).transform("sum") / counts.sum()
    shares = (counts + CONTEXT_PRIOR_RECORDS * overall) / (totals + CONTEXT_PRIOR_RECORDS)
    name = keys.name if isinstance(keys.name, str) else "value"
    return pd.DataFrame({name: counts.index.to_numpy(), f"tf_{name}": shares.to_numpy()})
