"""Benchmark: the recall any classifier could reach from the registrations' own fields.

    .venv/bin/python benchmarks/linkage_dedupe_information_ceiling.py --records 100000
    .venv/bin/python benchmarks/linkage_dedupe_information_ceiling.py --records 10000 --seed 11
    .venv/bin/python benchmarks/linkage_dedupe_information_ceiling.py --records 1000000 \
        --record-share 0.01

``linkage_dedupe_ceiling.py`` bounds any model built on the project's blocking rules and
comparison levels. This one drops both. Candidate pairs come from a wide union of
equi-joins (any shared name part; birth dates; skeletons, metaphones and initials with a
birth year or a country), chosen by measuring their reach on the truth. Each pair gets raw
features: string similarities in place and crossed, key equalities, shared name parts,
how common each name is, and the agreement of birth dates, sex, citizenship, country,
organisation and registration day. Gradient-boosted classifiers trained on the *true*
labels score them in two stages, 2-fold cross-fitted by pair: a pair of fold f is kept and
scored only by models fitted on the other fold. A small first model, trained on every true
pair of the other fold and a sample of its non-matches (its log-odds corrected for the
sampling rate), drops the pairs it gives a probability below 1e-5; the second model is
trained on all the other fold's pairs that the same first model keeps, and scores the
pairs it kept in fold f. (Weighting the sampled non-matches instead made the boosting
diverge; a single model on a sample reached 0.967 rather than 0.979 at 10^5.)

Prints the candidates' reach (share of true pairs among them), what the first stage keeps,
then, per precision, the pairwise recall of the largest top-scored set with at least that
precision (true pairs never scored count as missed), the pairwise precision / recall of
the connected components of the pairs at or above that set's lowest score, and the recall
of the components at the lowest score (on a grid) whose precision reaches it; then the kinds
of true pairs still missed at precision 0.97. ``--rules`` also prints each blocking rule's
pairs and the true pairs it reaches alone.

The name-part joins grow with the square of the records (21M pairs at 10^5, about two
billion at 10^6): ``--record-share S`` keeps only the pairs holding one of a random share S
of the records (42M pairs at 10^6 with 0.01: 10 minutes, 7 GB). Every pair, true or not, is
kept with the same chance, so the pairwise figures estimate the whole registry's; connected
components need every pair and are not printed then.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd
from linkage_dedupe_bench import synthetic_registry
from linkage_dedupe_ceiling import top_cut
from sklearn.ensemble import HistGradientBoostingClassifier

from thb.linkage.dedupe.clustering import _components
from thb.linkage.dedupe.name_keys import consonant_skeleton, phonetic_key, transliteration_key
from thb.linkage.dedupe.normalise import prepare_records

PRECISIONS = (0.99, 0.98, 0.97, 0.95)
BREAKDOWN_PRECISION = 0.97
CHUNK_PAIRS = 2_000_000  # pairs featurised and filtered at once (bounds memory)
FILTER_NEGATIVES = 300_000  # non-matches sampled to train the first stage
FILTER_FLOOR = 1e-5  # first-stage probability below which a pair is dropped
FOLDS = (0, 1)

# Candidate rules: each gives every record a list of keys, and records sharing a key of the
# same rule form a candidate pair. Chosen greedily by true pairs gained per pair added at
# 10^5 records (seed 7) once the first rule was in: together 21.2M pairs holding 0.9986 of
# the true pairs there (the project's blocking holds about 0.95).
BLOCKING_KEYS: dict[str, str] = {
    # any part of either name, folded or keyed, in either field: swapped names, one of two
    # family names, a name left out on one side
    "name part": "name_parts",
    "birth date": "[birth_date_full]",
    "birth date, day and month in either order": "[birth_year || '-' || "
    "least(birth_month, birth_day) || '-' || greatest(birth_month, birth_day)]",
    "family skeleton + given initial": "[family_sk || given_initial]",
    "given skeleton + family initial": "[given_sk || family_initial]",
    "birth year + citizenship + given initial": "[birth_year || citizenship || given_initial]",
    "birth year + citizenship + family initial": "[birth_year || citizenship || family_initial]",
    "family part metaphone + birth year": "list_transform(family_mps, lambda k: k || birth_year)",
    "given part metaphone + birth year": "list_transform(given_mps, lambda k: k || birth_year)",
    "citizenship + reporting country + initials": "[citizenship || reporting_country || initials]",
    "name part skeleton + birth year": "list_transform(part_sks, lambda k: k || birth_year)",
    "name part metaphone + reporting country": "list_transform(part_mps, "
    "lambda k: k || reporting_country)",
    "birth year + initials": "[birth_year || initials]",
}

# Per-record values that enter a pair as least / greatest, so the pair's order is no matter
# (DuckDB's least / greatest skip a missing side; the *_missing features say which).
_SIDED = {
    "given_len": "length({s}.given_std)",
    "family_len": "length({s}.family_std)",
    "n_given": "{s}.n_given",
    "n_family": "{s}.n_family",
    "n_given_in_citizenship": "{s}.n_given_cit",
    "n_family_in_citizenship": "{s}.n_family_cit",
    "n_full_name": "{s}.n_full",
    "n_name_parts_sorted": "{s}.n_sorted",
    "n_given_key": "{s}.n_given_key",
    "n_family_key": "{s}.n_family_key",
    "n_rarest_part": "{s}.n_rarest_part",
    "n_birth_date": "{s}.n_birth_date",
    "n_citizenship": "{s}.n_citizenship",
    "birth_year": "{s}.birth_year",
}


def _both(expr: str) -> str:
    """How many of the two records satisfy ``expr`` (``{s}`` standing for the record)."""
    return f"coalesce(({expr.format(s='l')})::int, 0) + coalesce(({expr.format(s='r')})::int, 0)"


def _jw(a: str, b: str) -> str:
    return f"jaro_winkler_similarity(l.{a}, r.{b})"


def _eq(a: str, b: str) -> str:
    """1 / 0, or 0 when either side is missing (to be summed)."""
    return f"coalesce((l.{a} = r.{b})::int, 0)"


# Pair features for both stages (l, r: the two records; missing values stay NULL).
FEATURES: tuple[tuple[str, str], ...] = (
    ("given_jw", _jw("given_std", "given_std")),
    ("family_jw", _jw("family_std", "family_std")),
    ("given_key_jw", _jw("given_key", "given_key")),
    ("family_key_jw", _jw("family_key", "family_key")),
    ("crossed_jw_max", f"greatest({_jw('given_std', 'family_std')}, {_jw('family_std', 'given_std')})"),
    ("crossed_jw_min", f"least({_jw('given_std', 'family_std')}, {_jw('family_std', 'given_std')})"),
    ("sorted_name_jw", _jw("sorted_name", "sorted_name")),
    ("sorted_name_jaccard", "jaccard(l.sorted_name, r.sorted_name)"),
    *(
        (f"{field}_{key}_eq", f"(l.{field}_{key} = r.{field}_{key})::int")
        for field in ("given", "family")
        for key in ("std", "key", "mp", "sk", "initial")
    ),
    ("given_first_last_eq", f"{_eq('given_first', 'given_first')} + {_eq('given_last', 'given_last')}"),
    ("family_first_last_eq", f"{_eq('family_first', 'family_first')} + {_eq('family_last', 'family_last')}"),
    ("crossed_key_eq", f"{_eq('given_key', 'family_key')} + {_eq('family_key', 'given_key')}"),
    ("crossed_mp_eq", f"{_eq('given_mp', 'family_mp')} + {_eq('family_mp', 'given_mp')}"),
    ("crossed_initial_eq", f"{_eq('given_initial', 'family_initial')} + {_eq('family_initial', 'given_initial')}"),
    ("given_initials", _both("{s}.given_is_initial = 1")),
    ("family_initials", _both("{s}.family_is_initial = 1")),
    ("given_missing", _both("{s}.given_std is null")),
    ("family_missing", _both("{s}.family_std is null")),
    ("full_birth_dates", _both("{s}.birth_date_full is not null")),
    ("birth_years", _both("{s}.birth_year is not null")),
    ("birth_days_apart", "abs(date_diff('day', l.birth_date, r.birth_date))"),
    ("birth_years_apart", "abs(l.birth_year - r.birth_year)"),
    ("birth_month_eq", "(l.birth_month = r.birth_month)::int"),
    ("birth_day_eq", "(l.birth_day = r.birth_day)::int"),
    ("birth_day_month_swapped", "(l.birth_month = r.birth_day and l.birth_day = r.birth_month "
     "and l.birth_day <> l.birth_month)::int"),  # fmt: skip
    ("sex_eq", "(l.sex = r.sex)::int"),
    ("sex_missing", _both("{s}.sex is null")),
    ("citizenship_eq", "(l.citizenship = r.citizenship)::int"),
    ("citizenship_missing", _both("{s}.citizenship is null")),
    ("citizenship_is_reporting_country", _both("{s}.citizenship = {s}.reporting_country")),
    ("reporting_country_eq", "(l.reporting_country = r.reporting_country)::int"),
    ("source_eq", "(l.source = r.source)::int"),
    ("source_kind_eq", "(l.source_kind = r.source_kind)::int"),
    ("registration_days_apart", "abs(l.registration_day - r.registration_day)"),
    *(
        (f"{name}_{fn}", f"{fn}({expr.format(s='l')}, {expr.format(s='r')})")
        for name, expr in _SIDED.items()
        for fn in ("least", "greatest")
    ),
)  # fmt: skip
# Costlier features (half the time of all others together), for the second stage only.
SECOND_STAGE_FEATURES: tuple[tuple[str, str], ...] = (
    ("given_key_dl", "damerau_levenshtein(l.given_key, r.given_key)"),
    ("family_key_dl", "damerau_levenshtein(l.family_key, r.family_key)"),
    ("parts_shared", "len(list_intersect(l.name_parts, r.name_parts))"),
    ("part_mps_shared", "len(list_intersect(l.part_mps, r.part_mps))"),
    ("part_sks_shared", "len(list_intersect(l.part_sks, r.part_sks))"),
    ("parts_least", "least(l.n_parts, r.n_parts)"),
    ("parts_greatest", "greatest(l.n_parts, r.n_parts)"),
)


def _parts(folded: object) -> list[str]:
    """Parts of a folded name, initials left out (an initial meets too many names)."""
    return [p for p in folded.split(" ") if len(p) >= 2] if isinstance(folded, str) else []


def _per_value(values: pd.Series, fn: Callable[[object], list[str]]) -> list[list[str]]:
    """``fn`` of each row's value, computed once per distinct value."""
    done = {v: fn(v) for v in pd.unique(values.dropna())}
    return [done.get(v, []) if isinstance(v, str) else [] for v in values]


def _part_mps(folded: object) -> list[str]:
    return sorted({phonetic_key(transliteration_key(p)) for p in _parts(folded)} - {""})


def _part_keys(folded: object) -> list[str]:
    parts = _parts(folded)
    return sorted({*parts, *map(transliteration_key, parts)})


def _part_sks(folded: object) -> list[str]:
    sks = (consonant_skeleton(transliteration_key(p)) for p in _parts(folded))
    return sorted({s for s in sks if len(s) >= 2})


def add_name_parts(rec: pd.DataFrame) -> None:
    """List columns of name parts (folded, transliteration and custom keys), their metaphones
    and skeletons; the parts of both names sorted into one string (swaps meet there); both
    initials in either order; birth dates as dates; the kind of organisation."""
    given, family = rec["given_std"], rec["family_std"]
    keyed = rec[["given_first", "given_last", "family_first", "family_last"]].to_numpy()
    rec["name_parts"] = [
        sorted({*g, *f, *(k for k in ks if isinstance(k, str) and len(k) >= 2)})
        for g, f, ks in zip(
            _per_value(given, _part_keys), _per_value(family, _part_keys), keyed, strict=True
        )
    ]
    rec["given_mps"] = _per_value(given, _part_mps)
    rec["family_mps"] = _per_value(family, _part_mps)
    rec["part_mps"] = [
        sorted({*g, *f}) for g, f in zip(rec["given_mps"], rec["family_mps"], strict=True)
    ]
    rec["part_sks"] = [
        sorted({*g, *f})
        for g, f in zip(_per_value(given, _part_sks), _per_value(family, _part_sks), strict=True)
    ]
    rec["sorted_name"] = [
        " ".join(sorted(_parts(g) + _parts(f))) or None for g, f in zip(given, family, strict=True)
    ]
    initials = rec["given_initial"].fillna("") + rec["family_initial"].fillna("")
    rec["initials"] = ["".join(sorted(s)) if len(s) == 2 else None for s in initials.astype(str)]
    rec["n_parts"] = rec["name_parts"].map(len)
    rec["birth_date"] = pd.to_datetime(rec["birth_date_full"], format="%Y-%m-%d")
    rec["source_kind"] = rec["source"].str.split("-").str[1]  # POLICE, NGO3...


def add_name_counts(rec: pd.DataFrame) -> None:
    """How many registrations share each name, name in the citizenship, full name, key, date."""
    counted = {
        "n_given": ["given_std"],
        "n_family": ["family_std"],
        "n_given_cit": ["given_std", "citizenship"],
        "n_family_cit": ["family_std", "citizenship"],
        "n_full": ["given_std", "family_std"],
        "n_sorted": ["sorted_name"],
        "n_given_key": ["given_key"],
        "n_family_key": ["family_key"],
        "n_birth_date": ["birth_date_full"],
        "n_citizenship": ["citizenship"],
    }
    for name, cols in counted.items():
        rec[name] = rec.groupby(cols, dropna=True)[cols[0]].transform("size")
    part_counts = rec["name_parts"].explode().value_counts()
    rec["n_rarest_part"] = [
        min((part_counts[p] for p in parts), default=np.nan) for parts in rec["name_parts"]
    ]


def registry(records: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Prepared registrations with name parts and counts (no truth), and each one's person."""
    df = synthetic_registry(records, seed)
    rec = prepare_records(df.drop(columns=["true_person_id"]))
    add_name_parts(rec)
    add_name_counts(rec)
    rec["i"] = np.arange(len(rec), dtype=np.int32)
    return rec.drop(columns=["unique_id"]), df["true_person_id"].to_numpy()


def candidate_pairs(con: duckdb.DuckDBPyConnection, seed: int, per_rule: bool) -> int:
    """Table ``pairs`` (row, il, ir, fold, y) of every pair sharing a key of some rule and
    holding a sampled record; with ``per_rule``, print each rule's pairs and the true pairs
    it reaches alone."""
    keyed = " union all ".join(
        f"select i, q, {n} as rule, unnest({expr}) as k from rec"
        for n, expr in enumerate(BLOCKING_KEYS.values())
    )
    con.execute(
        f"create temp table keys as select distinct i, q, rule, k from ({keyed}) "
        "where k is not null"
    )
    # a sampled record meets every record sharing a key (the filter on one side keeps the
    # join's size in proportion to the sample; two sampled records meet once)
    con.execute(
        "create temp table pairs as select (row_number() over ()) - 1 as row, il, ir, "
        f"(hash(il, ir, {seed}) % 2)::tinyint as fold, pl.pid = pr.pid as y from "
        "(select distinct least(a.i, b.i) as il, greatest(a.i, b.i) as ir from keys a "
        " join keys b on a.rule = b.rule and a.k = b.k and a.i <> b.i "
        " where a.q and (a.i < b.i or not b.q)) "
        "join person pl on pl.i = il join person pr on pr.i = ir"
    )
    if per_rule:
        print(rule_table(con).to_string(index=False))
    con.execute("drop table keys")
    return _count(con, "select count(*) from pairs")


def rule_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rule of table ``keys``: its distinct pairs and the true pairs among them."""
    table = con.execute(
        "select rule, count(*) as pairs, count(*) filter (pl.pid = pr.pid) as true_pairs from "
        "(select distinct a.rule, least(a.i, b.i) as il, greatest(a.i, b.i) as ir from keys a "
        " join keys b on a.rule = b.rule and a.k = b.k and a.i <> b.i "
        " where a.q and (a.i < b.i or not b.q)) "
        "join person pl on pl.i = il join person pr on pr.i = ir group by rule order by rule"
    ).df()
    return table.assign(rule=[list(BLOCKING_KEYS)[r] for r in table["rule"]])


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def features(
    con: duckdb.DuckDBPyConnection, pairs: str, chosen: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """Row, records, fold, truth and the ``chosen`` features of the pairs of the query ``pairs``."""
    cols = ", ".join(f"({expr})::float as {name}" for name, expr in chosen)
    return con.execute(
        f"select p.row, p.il, p.ir, p.fold, p.y, {cols} from ({pairs}) p "
        "join rec l on l.i = p.il join rec r on r.i = p.ir"
    ).df()


def _matrix(frame: pd.DataFrame, chosen: tuple[tuple[str, str], ...]) -> np.ndarray:
    return frame[[name for name, _ in chosen]].to_numpy(np.float32)


def first_stage(
    con: duckdb.DuckDBPyConnection, seed: int
) -> tuple[list[HistGradientBoostingClassifier], float]:
    """Per fold, a small classifier trained on the other fold's true pairs and a sample of
    its non-matches; and the log of the sampling rate, which corrects their log-odds."""
    negatives = _count(con, "select count(*) from pairs where not y")
    cut = round(1e6 * min(1.0, FILTER_NEGATIVES / max(negatives, 1)))
    sample = features(
        con, f"select * from pairs where y or hash(il, ir, {seed + 1}) % 1000000 < {cut}", FEATURES
    ).sort_values(["il", "ir"])  # a fixed order: the bins are found on a subsample of rows
    log_rate = np.log((~sample["y"]).sum() / negatives)
    models = []
    for fold in FOLDS:
        train = sample[sample["fold"] != fold]
        # l2 keeps the leaf values finite where the classes separate (otherwise log-odds
        # of thousands, which makes the floor meaningless)
        model = HistGradientBoostingClassifier(
            max_iter=40, learning_rate=0.2, l2_regularization=1.0, early_stopping=False,
            random_state=seed,
        )  # fmt: skip
        models.append(model.fit(_matrix(train, FEATURES), train["y"].to_numpy()))
    return models, float(log_rate)


def filtered(
    con: duckdb.DuckDBPyConnection,
    models: list[HistGradientBoostingClassifier],
    log_rate: float,
    n_pairs: int,
) -> pd.DataFrame:
    """Rows, folds and truth of the pairs some first-stage model keeps, with each model's
    verdict (``keep_<fold>``): that model's own fold's pairs for scoring, the other fold's
    for training the second stage."""
    floor = np.log(FILTER_FLOOR / (1 - FILTER_FLOOR))
    kept = []
    for start in range(0, n_pairs, CHUNK_PAIRS):
        chunk = features(
            con, f"select * from pairs where row >= {start} and row < {start + CHUNK_PAIRS}",
            FEATURES,
        )  # fmt: skip
        x = _matrix(chunk, FEATURES)
        verdicts = {
            f"keep_{fold}": model.decision_function(x) + log_rate >= floor
            for fold, model in zip(FOLDS, models, strict=True)
        }
        chunk = chunk[["row", "fold", "y"]].assign(**verdicts)
        kept.append(chunk[chunk[list(verdicts)].any(axis=1)])
    return pd.concat(kept, ignore_index=True)


def second_stage(con: duckdb.DuckDBPyConnection, kept: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Records, truth and score of the pairs each first-stage model passes in its own fold,
    scored by a classifier trained on all the pairs that model passes in the other fold."""
    con.register("kept_df", kept)
    chosen = FEATURES + SECOND_STAGE_FEATURES
    table = features(con, "select p.* from pairs p semi join kept_df k using (row)", chosen)
    table = table.merge(kept[["row", "keep_0", "keep_1"]], on="row").sort_values(["il", "ir"])
    scored = []
    for fold in FOLDS:
        passed = table[table[f"keep_{fold}"]]
        train, test = passed[passed["fold"] != fold], passed[passed["fold"] == fold]
        model = HistGradientBoostingClassifier(
            max_iter=400,
            max_leaf_nodes=63,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=seed,
        )
        model.fit(_matrix(train, chosen), train["y"].to_numpy())
        score = model.predict_proba(_matrix(test, chosen))[:, 1]
        scored.append(test[["il", "ir", "y"]].assign(score=score))
    return pd.concat(scored, ignore_index=True)


def clustered(
    il: np.ndarray, ir: np.ndarray, person: np.ndarray, true_pairs: int
) -> tuple[float, float, int]:
    """Pairwise precision and recall of the connected components of the linked pairs
    (``il``, ``ir``), and the largest component."""
    label = _components(len(person), il, ir)
    sizes = np.bincount(label).astype(np.int64)
    cell = label.astype(np.int64) * (person.max() + 1) + person
    together = np.unique(cell, return_counts=True)[1]
    pairs = int((sizes * (sizes - 1) // 2).sum())
    right = int((together * (together - 1) // 2).sum())
    return right / max(pairs, 1), right / true_pairs, int(sizes.max())


NAME_KIND = """case
    when l.given_std is null or r.given_std is null or l.family_std is null
        or r.family_std is null then 'a name missing'
    when l.given_is_initial = 1 or r.given_is_initial = 1 or l.family_is_initial = 1
        or r.family_is_initial = 1 then 'a name an initial'
    when l.given_std = r.given_std and l.family_std = r.family_std then 'names equal'
    when l.given_key = r.given_key and l.family_key = r.family_key then 'name keys equal'
    when l.given_key = r.family_key or l.family_key = r.given_key then 'names swapped'
    when l.given_key = r.given_key or l.family_key = r.family_key then 'one name differs'
    else 'both names differ' end"""
DATE_KIND = """case
    when l.birth_date_full = r.birth_date_full then 'same full date'
    when l.birth_date_full is not null and r.birth_date_full is not null
        then 'full dates differ'
    when l.birth_year is null or r.birth_year is null then 'no birth year on a side'
    when l.birth_year = r.birth_year then 'same year, a full date missing'
    else 'years differ, a full date missing' end"""


def missed_kinds(con: duckdb.DuckDBPyConnection, scored_true: pd.DataFrame, rows: int = 15) -> str:
    """True pairs by kind of names and of birth dates: how many, how many missed, and of
    those how many were no candidate or dropped by the first stage; most missed first."""
    con.register("scored_true", scored_true)
    table = con.execute(
        f"select {NAME_KIND} as names, {DATE_KIND} as birth_dates, count(*) as true_pairs, "
        "count(*) filter (not coalesce(s.caught, false)) as missed, "
        "count(*) filter (p.il is null) as not_candidate, "
        "count(*) filter (p.il is not null and s.il is null) as dropped_by_first "
        "from person pl join person pr on pl.pid = pr.pid and pl.i < pr.i "
        "join rec l on l.i = pl.i join rec r on r.i = pr.i and (l.q or r.q) "
        "left join (select il, ir from pairs where y) p on p.il = pl.i and p.ir = pr.i "
        "left join scored_true s on s.il = pl.i and s.ir = pr.i "
        "group by all order by missed desc, true_pairs desc"
    ).df()
    missed = max(int(table["missed"].sum()), 1)
    table["recall"] = (1 - table["missed"] / table["true_pairs"]).round(3)
    table["share_of_missed"] = (table["missed"] / missed).round(3)
    lines = [table.head(rows).to_string(index=False)]
    for kind in ("names", "birth_dates"):
        shares = table.groupby(kind)["missed"].sum().sort_values(ascending=False) / missed
        lines.append(
            f"share of missed by {kind}: " + ", ".join(f"{k} {v:.3f}" for k, v in shares.items())
        )
    totals = table[["true_pairs", "missed", "not_candidate", "dropped_by_first"]].sum()
    lines.append("in all: " + ", ".join(f"{k} {v:,}" for k, v in totals.items()))
    return "\n".join(lines)


def load(
    con: duckdb.DuckDBPyConnection, records: int, seed: int, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Tables ``rec`` (the prepared registrations, ``q`` marking the sampled ones) and
    ``person`` (each one's person, kept apart so no feature can read it); returns the person
    of each record as codes, and whether it is sampled."""
    rec, person_ids = registry(records, seed)
    rec["q"] = np.random.default_rng(seed).random(len(rec)) < share
    person = pd.factorize(person_ids)[0].astype(np.int64)
    con.register("rec_df", rec)
    con.execute("create temp table rec as select * from rec_df")
    con.register("person_df", pd.DataFrame({"i": rec["i"], "pid": person}))
    con.execute("create temp table person as select * from person_df")
    return person, rec["q"].to_numpy()


def best_components(
    scored: pd.DataFrame, person: np.ndarray, true_pairs: int, precision: float
) -> tuple[float, float, float, int]:
    """The lowest score on a grid (even in log-odds) whose connected components have a
    pairwise precision of at least ``precision``: score, precision, recall, largest."""
    scores = scored["score"].to_numpy()
    for threshold in 1 / (1 + np.exp(-np.linspace(-6, 12, 181))):
        linked = scores >= threshold
        found = clustered(
            scored["il"].to_numpy()[linked], scored["ir"].to_numpy()[linked], person, true_pairs
        )
        if found[0] >= precision:
            return (float(threshold), *found)
    return 1.0, 1.0, 0.0, 1


def report(
    scored: pd.DataFrame, person: np.ndarray, true_pairs: int, components: bool
) -> pd.DataFrame:
    """Print recall per precision, pairwise and (with ``components``) clustered; return the
    scored true pairs with whether the set at ``BREAKDOWN_PRECISION`` holds them."""
    scores, truth = scored["score"].to_numpy(), scored["y"].to_numpy()
    il, ir = scored["il"].to_numpy(), scored["ir"].to_numpy()
    caught = np.zeros(len(scored), dtype=bool)
    for precision in PRECISIONS:
        order, cut = top_cut(scores, truth, precision)
        threshold = scores[order[cut - 1]] if cut else 1.0
        print(f"precision >= {precision}: pairwise recall {truth[order[:cut]].sum() / true_pairs:.4f} "
              f"({cut:,} pairs, score >= {threshold:.4f})")  # fmt: skip
        if components:
            linked = scores >= threshold
            p, r, largest = clustered(il[linked], ir[linked], person, true_pairs)
            print(f"    their connected components: precision {p:.4f} recall {r:.4f}, "
                  f"largest {largest}")  # fmt: skip
            t, p, r, largest = best_components(scored, person, true_pairs, precision)
            print(f"    connected components with precision >= {precision}: recall {r:.4f} "
                  f"(score >= {t:.4f}: precision {p:.4f}, largest {largest})")  # fmt: skip
        if precision == BREAKDOWN_PRECISION:
            caught[order[:cut]] = True
    return scored.assign(caught=caught)[truth]


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--rules", action="store_true", help="print each blocking rule's pairs and reach alone"
    )
    parser.add_argument(
        "--record-share", type=float, default=1.0, metavar="SHARE",
        help="only pairs holding one of this share of the records, drawn at random: "
        "pairwise figures for registries too large to pair whole (no clusters)",
    )  # fmt: skip
    args = parser.parse_args()

    start = time.perf_counter()
    con = duckdb.connect()
    person, sampled = load(con, args.records, args.seed, args.record_share)
    sizes = np.bincount(person)
    all_true_pairs = int((sizes * (sizes - 1) // 2).sum())
    # true pairs holding a sampled record: all, less those of two records left out
    left_out = np.bincount(person, weights=~sampled, minlength=len(sizes)).astype(np.int64)
    true_pairs = all_true_pairs - int((left_out * (left_out - 1) // 2).sum())
    n_pairs = candidate_pairs(con, args.seed, args.rules)
    held = _count(con, "select count(*) from pairs where y")
    print(f"{len(person):,} registrations of {len(sizes):,} persons (largest {sizes.max()}), "
          f"{all_true_pairs:,} true pairs, {true_pairs:,} holding a sampled record; "
          f"{n_pairs:,} candidate pairs hold {held:,} "
          f"({held / true_pairs:.4f}) [{time.perf_counter() - start:.0f}s]")  # fmt: skip
    models, log_rate = first_stage(con, args.seed)
    kept = filtered(con, models, log_rate, n_pairs)
    own = kept[np.where(kept["fold"] == 0, kept["keep_0"], kept["keep_1"])]
    print(f"first stage keeps {len(own):,} pairs holding {own['y'].sum():,} true pairs "
          f"({own['y'].sum() / true_pairs:.4f}) [{time.perf_counter() - start:.0f}s]")  # fmt: skip
    scored = second_stage(con, kept, args.seed)
    print(f"second stage trained and scored [{time.perf_counter() - start:.0f}s]")
    scored_true = report(scored, person, true_pairs, args.record_share == 1.0)
    print(f"true pairs missed at pairwise precision {BREAKDOWN_PRECISION}, by kind:")
    print(missed_kinds(con, scored_true))
    print(f"{time.perf_counter() - start:.0f}s in all")


if __name__ == "__main__":
    main()
