"""Blocking rules for victim registrations and the analysis that chose them.

Chosen rules (:func:`default_blocking_rules`), from :func:`blocking_analysis` on the
synthetic registry (99,353 records of 71,023 persons, seed 7, as in the benchmark, with
families and the name keys by citizenship; cumulative share of true pairs blocked, pairs
each rule adds to those before it):

1. family metaphone + birth year + given initial          0.668     35k
2. given metaphone + birth year + family initial          0.692     21k
3. full birth date + given initial                        0.730     18k
4. full birth date + family initial                       0.759     15k
5. swapped names (metaphones crossed) + birth year        0.804      2k
6. both name metaphones (no date needed)                  0.909     58k
7. both name keys (the metaphones of spellings that a
   citizenship's key brings together differ: Zhang /
   Chang, Zineb / Zaynab)                                 0.917      6k
8. swapped name keys (no date needed)                     0.929      6k
9. full birth date + initials crossed                     0.935      1k
10. family name missing on one side: given key + year     0.938      3k
11. given name missing on one side: family key + year     0.945      2k
12. both consonant skeletons (Arabic script's unwritten
    vowels: "syd krym" / "Saeed Kareem")                  0.946      5k
13. full birth date + citizenship (when recorded)

Rules without a birth date also score pairs born far apart: a quarter of all pairs, clear
non-matches, but kept on purpose. They are the cannot-links that stop clustering from
chaining namesakes (restricting rules 6, 8 and 12 to birth years within 3 grew the
largest cluster at 10^6 from 6 to 9 records, the true largest being 6).

Dropped: birth date missing on one side + family key + given initial (+1.2% of true
pairs blocked, but 32k pairs at 10^5 and 3.1M, 17% of all, at 10^6). Its pairs share a
family name and only an initial or a fuzzy given name with nothing else to tell them
apart; scored with given-name u measured among same-family strangers they are mostly
non-matches, and removing the rule changed clustered recall by 0.000 at 10^6 and -0.002
at 10^5 while saving 16 s of the 10^6 run.

Budgeted (``BUDGETED_BLOCKING_RULES``): family key + given initial, given key + family
initial, family key + citizenship join while each, counted alone, adds at most four pairs
per record (``affordable_rules``): a national registry of a few thousand registrations
affords all three, 10^5 pooled records the first (the second adds 402k pairs there, just
over the budget of 397k; the keys for Vietnamese and Arabic names grew it from 394k), 10^6
none. At 9,848 records (seed 11) they took blocking reach from 0.950 to 0.972 and clustered
recall from 0.923 to 0.930 (precision 0.996 in both) for 18k more pairs. At 99,353 records,
with both of the first two afforded, the model gave 0.9921 / 0.8846 against 0.9916 / 0.8825
for 530k more pairs, and answering every queued pair gave recall 0.951 against 0.935 with
neither. With the keys by citizenship the second rule no longer pays for the model alone (a
budget of five pairs per record affords it: 0.9919 / 0.8930 against 0.9918 / 0.8934), and a
reviewer's reach gains 0.0025 (0.9573 against 0.9548; measured before the ч and family-name
keys). Tried as a fourth and dropped: given metaphone + birth year (it linked strangers:
precision 0.996 -> 0.988 in 1,000-person registries, for no recall); family key + last
given name (Thi Lan / Lan: Romanian precision 0.9953 -> 0.9946 in 3,000-person registries);
family consonant skeleton + given initial (Aya Nour / آية نور: +0.1-0.2 points of the
recall a reviewer can reach, but precision 0.9948 -> 0.9917 over 20 seeds of 1,000-person
registries).

Rejected at 10^5 (true pairs gained, pairs added at this size): given key + family initial
+ citizenship (+0.4%, 235k), one name + citizenship + reporting country (+1-2% each,
400-600k). Pairs grow with the square of the records over the number of distinct names,
so these would dominate the 10^6 run. The true pairs no rule reaches (about 6% at 10^5)
mostly combine two kinds of noise: swapped names with a typo, an initial plus a missing
date. Initials are the written first letter with C/K/Q, I/J/Y and V/W as one
(``name_keys.written_initial``), so that "C." meets Chinedu. Also tried and dropped:
family key + first or last part of the given name (Ramona Luminita / Ramona, Thi Thu /
Thu): +0.9% of true pairs blocked for 33k pairs, but clustered recall did not move at
10^5 and fell by 0.0004 at 10^6, as those pairs mostly lack a birth date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from splink import block_on

BlockingRuleSpec = tuple[str, ...] | str

DEFAULT_BLOCKING_RULES: tuple[BlockingRuleSpec, ...] = (
    ("family_mp", "birth_year", "given_initial"),
    ("given_mp", "birth_year", "family_initial"),
    ("birth_date_full", "given_initial"),
    ("birth_date_full", "family_initial"),
    "l.given_mp = r.family_mp and l.family_mp = r.given_mp and l.birth_year = r.birth_year",
    ("family_mp", "given_mp"),
    ("family_key", "given_key"),
    "l.given_key = r.family_key and l.family_key = r.given_key",
    "l.birth_date_full = r.birth_date_full and l.given_initial = r.family_initial "
    "and l.family_initial = r.given_initial",
    "(l.family_key is null or r.family_key is null) "
    "and l.given_key = r.given_key and l.birth_year = r.birth_year",
    "(l.given_key is null or r.given_key is null) "
    "and l.family_key = r.family_key and l.birth_year = r.birth_year",
    ("family_sk", "given_sk"),
)

CANDIDATE_BLOCKING_RULES: tuple[BlockingRuleSpec, ...] = (
    *DEFAULT_BLOCKING_RULES,
    ("family_key", "given_key", "reporting_country"),
    ("family_key", "given_key", "citizenship"),
    ("family_key", "given_key"),
    ("family_mp", "birth_year"),
    ("given_mp", "birth_year"),
    ("family_key", "given_initial"),
    "(l.birth_year is null or r.birth_year is null) "
    "and l.family_key = r.family_key and l.given_initial = r.given_initial",
    ("birth_date_full",),
    ("birth_date_full", "citizenship"),
)


# Rules worth their pairs only in registries of national size: "POPESCU I." with no birth
# date meets every Popescu whose given name starts with I. A rule joins while its pairs
# stay within PAIRS_PER_RECORD per record, so the run's cost stays linear in the records.
BUDGETED_BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("family_key", "given_initial"),
    ("given_key", "family_initial"),
    ("family_key", "citizenship"),
)
PAIRS_PER_RECORD = 4.0


@dataclass(frozen=True)
class OneSideMissing:
    """Pairs that agree on ``equal`` where ``missing`` is missing on one side at least."""

    missing: str
    equal: tuple[str, ...]

    @property
    def sql(self) -> str:
        """The rule in Splink's l./r. notation."""
        m = self.missing
        return f"(l.{m} is null or r.{m} is null) and {rule_sql(self.equal)}"


# Registrations with one name, or no birth date, meeting those of their country that share
# the rest. Worth it only where few of a country share the name, so each may add half a
# pair per record: at 99,353 pooled records they add 50k pairs (0.12-0.25 per record each) and
# recall 0.9421 -> 0.9433 (precision 0.9866 -> 0.9864); at 10^6 they would add 5 million
# (1-2.4 per record; 95 s instead of 70) for no recall, and the budget leaves them out.
ONE_SIDE_PAIRS_PER_RECORD = 0.5
BUDGETED_ONE_SIDE_MISSING: tuple[OneSideMissing, ...] = (
    OneSideMissing("family_key", ("given_key", "reporting_country")),
    OneSideMissing("given_key", ("family_key", "reporting_country")),
    OneSideMissing("birth_year", ("given_key", "family_initial", "reporting_country")),
)
BudgetedRule = tuple[str, ...] | OneSideMissing


def default_blocking_rules(
    columns: Sequence[str], records: pd.DataFrame | None = None
) -> tuple[BlockingRuleSpec, ...]:
    """The chosen rules for a prepared table with these columns; given the records, also
    the budgeted rules their size affords."""
    dated = (("birth_date_full", "citizenship"),) if "citizenship" in columns else ()
    documented = (("document",),) if "document" in columns else ()
    chosen = (*DEFAULT_BLOCKING_RULES, *dated, *documented)
    if records is None:
        return chosen
    usable = [r for r in BUDGETED_BLOCKING_RULES if set(r) <= set(columns)]
    one_side = [_in_one_country(r, columns) for r in BUDGETED_ONE_SIDE_MISSING]
    one_side = [r for r in one_side if set(_columns(r)) <= set(columns)]
    return (
        *chosen,
        *affordable_rules(records, usable),
        *affordable_rules(records, one_side, ONE_SIDE_PAIRS_PER_RECORD),
    )


def affordable_rules(
    records: pd.DataFrame, rules: Sequence[BudgetedRule], per_record: float = PAIRS_PER_RECORD
) -> tuple[BlockingRuleSpec, ...]:
    """The rules whose pairs (each counted alone, from the sizes of the groups they form)
    are at most ``per_record`` per record; ``OneSideMissing`` rules as SQL."""
    con = duckdb.connect()
    con.register("rec", records)
    try:
        counts = [_pair_count(con, rule) for rule in rules]
    finally:
        con.close()
    return tuple(
        r.sql if isinstance(r, OneSideMissing) else r
        for r, n in zip(rules, counts, strict=True)
        if n <= per_record * len(records)
    )


def _in_one_country(rule: OneSideMissing, columns: Sequence[str]) -> OneSideMissing:
    """The rule without the country where the registrations name none: one country's."""
    if "reporting_country" in columns:
        return rule
    return OneSideMissing(rule.missing, tuple(c for c in rule.equal if c != "reporting_country"))


def _columns(rule: BudgetedRule) -> tuple[str, ...]:
    return (rule.missing, *rule.equal) if isinstance(rule, OneSideMissing) else rule


def _pair_count(con: duckdb.DuckDBPyConnection, rule: BudgetedRule) -> int:
    """Pairs the rule blocks: per group of equal values, all its pairs, less (for a
    ``OneSideMissing`` rule) those with the field present on both sides."""
    equal = rule.equal if isinstance(rule, OneSideMissing) else rule
    both = f"count({rule.missing})" if isinstance(rule, OneSideMissing) else "0"
    present = " and ".join(f"{c} is not null" for c in equal)
    row = con.execute(
        "select coalesce(sum(n * (n - 1) // 2 - k * (k - 1) // 2), 0) from "
        f"(select count(*) as n, {both} as k from rec where {present} "
        f"group by {', '.join(equal)})"
    ).fetchone()
    return int(row[0]) if row else 0


def rule_sql(rule: BlockingRuleSpec) -> str:
    """SQL text of a rule in Splink's l./r. notation."""
    if isinstance(rule, str):
        return rule
    return " and ".join(f"l.{c} = r.{c}" for c in rule)


def to_splink_rules(rules: Sequence[BlockingRuleSpec]) -> list[Any]:
    """Splink blocking-rule objects for tuples of column names or raw SQL strings."""
    return [r if isinstance(r, str) else block_on(*r) for r in rules]


def _true_pair_recall(
    records: pd.DataFrame, rules: Sequence[BlockingRuleSpec], label: str
) -> list[tuple[float, float]]:
    """Per rule: share of true pairs it blocks, and cumulative share for rules so far."""
    con = duckdb.connect()
    con.register("rec", records)
    join = f"from rec l join rec r on l.{label} = r.{label} and l.unique_id < r.unique_id"

    def count(where: str) -> int:
        row = con.execute(f"select count(*) {join} {where}").fetchone()
        return int(row[0]) if row else 0

    total = count("") or 1
    out, so_far = [], []
    for rule in rules:
        so_far.append(f"({rule_sql(rule)})")
        own, cum = count(f"where {rule_sql(rule)}"), count(f"where {' or '.join(so_far)}")
        out.append((own / total, cum / total))
    con.close()
    return out


def blocking_analysis(
    records: pd.DataFrame,
    rules: Sequence[BlockingRuleSpec] = CANDIDATE_BLOCKING_RULES,
    *,
    label_column: str | None = None,
    record_sample_proportion: float = 1.0,
) -> pd.DataFrame:
    """Comparisons generated by each rule (marginal and cumulative) and, given labels, recall.

    ``records`` is a table from :func:`normalise.prepare_records` (plus the label column
    when recall is wanted). Counts come from Splink on DuckDB, so they are the pairs the
    model would score.
    """
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    db_api = DuckDBAPI()
    table = db_api.register(records)
    counts = count_comparisons_from_blocking_rules(
        table,
        blocking_rules=to_splink_rules(rules),
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        record_sample_proportion=record_sample_proportion,
    )
    result = pd.DataFrame(
        {
            "rule": [rule_sql(r) for r in rules],
            "marginal_comparisons": [c["marginal_comparison_count"] for c in counts],
            "cumulative_comparisons": [c["cumulative_comparison_count"] for c in counts],
        }
    )
    if label_column is not None:
        recall = _true_pair_recall(records, rules, label_column)
        result["true_pair_recall"] = [r[0] for r in recall]
        result["cumulative_true_pair_recall"] = [r[1] for r in recall]
    return result
