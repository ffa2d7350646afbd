"""Deduplicator: Splink (Fellegi–Sunter, EM-trained) on DuckDB or Spark, then coherent clusters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from splink import Linker, block_on

from thb.linkage.dedupe.blocking import BlockingRuleSpec, default_blocking_rules
from thb.linkage.dedupe.calibrate import (
    DOCUMENT_SAME_U,
    EM_PLAN,
    PREDICT_PLAN,
    apply_conditional_u,
    comparison_level,
    context_frequencies,
    context_key,
    document_u,
    random_pair_u,
    registration_u,
    rule_recall,
    same_block_level_shares,
    set_level_u,
    set_sex_u_when_given_names_differ,
    sex_u_when_given_names_differ,
    where_registered_u,
)
from thb.linkage.dedupe.clustering import (
    DEFAULT_CANNOT_LINK_BELOW,
    DEFAULT_EXPECTED_PRECISION,
    _components,
    _index_pairs,
    cluster_pairs,
    expected_precision_threshold,
)
from thb.linkage.dedupe.em_sample import add_em_draw, block_pairs, em_block
from thb.linkage.dedupe.engines import make_db_api, register_table
from thb.linkage.dedupe.errors import DedupeInputError
from thb.linkage.dedupe.model import (
    GIVEN_CONTEXT,
    GIVEN_EXACT_WITHOUT_FAMILY,
    SEX_WITH_OTHER_GIVEN_NAME,
    WHERE_REGISTERED,
    build_settings,
    given_name_comparison,
    reads_registration_together,
)
from thb.linkage.dedupe.normalise import prepare_records
from thb.linkage.dedupe.rarity import WHERE_REGISTERED_BAND, where_registered_band

M_FLOOR = 0.002
START_RECALL = 0.7  # first guess of the prior rule's recall, refined after training
MIN_RECORDS = 50  # fewer cannot train a model
MIN_SHARED = 100  # pairs sharing a full birth date needed to train on full dates
# When fewer near-certain matches than this share come from one organisation, organisations
# keep one registration per person, and clustering may not put two records of one
# organisation together unless they are linked to each other.
EXCLUSIVE_SOURCE_SHARE = 0.01
# EM block on both names: trains birth date, sex, citizenship and organisation. Matches
# stay ~1% of these pairs at 10^4..10^6 records (a family-name block drowns them: EM then
# has too few matches to learn from). u for the fields names predict is measured among
# same-name strangers for this session (``EM_PLAN``).
NAME_BLOCK = ("family_key", "given_key")
PAIR_OUT = ("record_id_l", "record_id_r", "match_weight", "match_probability")


class Deduplicator:
    """Find which victim registrations belong to the same person.

    Parameters
    ----------
    threshold : float or None
        Match probability at or above which two registrations are linked; None chooses
        it from the model's own probabilities (see ``expected_precision``).
    expected_precision : float
        With ``threshold=None``: the threshold is the smallest probability at which the
        linked pairs' mean match probability (their expected precision) stays this high.
    engine : {"duckdb", "spark"}
        Where Splink runs; both give the same model and clusters.
    spark_master : str
        Spark master URL when ``engine="spark"`` and no ``spark_session`` is given.
    cannot_link_below : float or None
        Scored pairs below this probability may never share a cluster (None: off).
    keep_pairs_above : float
        Scored pairs at or above this probability are kept in ``predict_pairs_``.
    keep_levels : bool
        Also keep each kept pair's comparison level per field (``gamma_<field>``: which
        level of the name, birth-date ... comparison it fell in; -1 missing) and the match
        weight that level added (``weight_<field>``, in bits); ``level_labels_`` names the
        levels.
    blocking_rules : sequence or None
        Column tuples or SQL rules; None uses ``blocking.default_blocking_rules``.
    extra_columns : sequence of str
        Further identifying string columns to compare (an ID number, a postcode).
    u_max_pairs, em_max_pairs : float
        Pair budgets for u counted over random pairs and for each EM session.
    prior_recall : float or None
        Assumed recall of the exact name + birth date rule that sets the prior; None
        estimates it from the trained m-probabilities (a start of 0.7, then refined).
    random_state : int
        Seed for the u sampling.
    spark_session : SparkSession or None
        An existing session to use instead of creating one.

    Attributes
    ----------
    predict_pairs_ : DataFrame
        record_id_l, record_id_r, match_weight, match_probability of scored pairs.
    clusters_ : DataFrame
        record_id, cluster_id, match_probability_to_cluster.
    n_comparisons_ : int
        Pairs scored after blocking.
    same_source_share_ : float
        Share of near-certain matches registered twice by one organisation.
    exclusive_sources_ : bool
        Whether clustering keeps one record per organisation (share below 1%).
    settings_ : dict
        The trained Splink model.
    level_labels_ : dict
        Per comparison, each level's label by its gamma value (to explain a pair).
    threshold_ : float
        The threshold used (given, or chosen from the expected precision).
    prior_recall_ : float
        Recall of the prior rule used (given, or estimated from the trained model).
    """

    def __init__(
        self,
        threshold: float | None = None,
        *,
        expected_precision: float = DEFAULT_EXPECTED_PRECISION,
        engine: str = "duckdb",
        spark_master: str = "local[2]",
        cannot_link_below: float | None = DEFAULT_CANNOT_LINK_BELOW,
        keep_pairs_above: float = 0.01,
        keep_levels: bool = False,
        blocking_rules: Sequence[BlockingRuleSpec] | None = None,
        extra_columns: Sequence[str] = (),
        u_max_pairs: float = 2e6,
        em_max_pairs: float = 5e5,
        prior_recall: float | None = None,
        random_state: int = 0,
        spark_session: Any = None,
    ) -> None:
        self.threshold = threshold
        self.expected_precision = expected_precision
        self.engine = engine
        self.spark_master = spark_master
        self.cannot_link_below = cannot_link_below
        self.keep_pairs_above = keep_pairs_above
        self.keep_levels = keep_levels
        self.blocking_rules = blocking_rules
        self.extra_columns = extra_columns
        self.u_max_pairs = u_max_pairs
        self.em_max_pairs = em_max_pairs
        self.prior_recall = prior_recall
        self.random_state = random_state
        self.spark_session = spark_session

    def fit(self, X: pd.DataFrame, y: Any = None) -> Deduplicator:
        """Train the model on the registrations, score blocked pairs and cluster them."""
        if self.threshold is not None and not 0.0 < self.threshold < 1.0:
            raise ValueError(f"threshold must be in (0, 1), got {self.threshold}")
        if not 0.0 < self.expected_precision < 1.0:
            raise ValueError(f"expected_precision must be in (0, 1), got {self.expected_precision}")
        records = prepare_records(X, extra_columns=tuple(self.extra_columns))
        if len(records) < MIN_RECORDS:
            raise DedupeInputError(
                f"need at least {MIN_RECORDS} registrations to train the model, got {len(records)}"
            )
        given_lookup = None
        if "citizenship" in records:
            records[GIVEN_CONTEXT] = context_key(records, "given_std", "citizenship")
            given_lookup = context_frequencies(records[GIVEN_CONTEXT].rename(GIVEN_CONTEXT))
        together = reads_registration_together(records)
        where = self._where_registered(records, together)
        rules = tuple(self.blocking_rules or default_blocking_rules(list(records.columns), records))
        settings = build_settings(
            list(records.columns),
            rules,
            tuple(self.extra_columns),
            keep_levels=self.keep_levels,
            registration_together=together,
        )
        add_em_draw(records, self.random_state)
        linker, db_api = self._linker(records, settings, "duckdb", given_lookup)
        self._train(linker, records, where, settings.comparisons)
        if self.engine != "duckdb":
            trained = linker
            linker, db_api = self._linker(records, settings, self.engine, given_lookup)
            _copy_parameters(trained, linker)
        predict = linker.inference.predict()
        self.n_comparisons_ = int(
            _query(linker, f"select count(*) as n from {predict.physical_name}")["n"].iloc[0]
        )
        pairs = _query(
            linker,
            _pairs_sql(
                predict.physical_name,
                f"match_probability >= {self.keep_pairs_above}",
                levels=_level_columns(linker) if self.keep_levels else (),
            ),
        )
        self.threshold_ = (
            self.threshold
            if self.threshold is not None
            else expected_precision_threshold(pairs["match_probability"], self.expected_precision)
        )
        within = self._within_components(linker, db_api, records, pairs, given_lookup)
        self.predict_pairs_ = (
            pd.concat([pairs, within], ignore_index=True)
            .drop_duplicates(["record_id_l", "record_id_r"])
            .sort_values("match_probability", ascending=False, kind="stable")
            .reset_index(drop=True)
        )
        self.record_ids_ = records["unique_id"].astype(str).to_numpy()
        self.settings_ = linker.misc.save_model_to_json()
        self.level_labels_ = _level_labels(linker)
        self._sources = records["source"].to_numpy(object) if "source" in records else None
        self.same_source_share_ = _same_source_share(self.predict_pairs_, records)
        self.exclusive_sources_ = self.same_source_share_ < EXCLUSIVE_SOURCE_SHARE
        self.clusters_ = self.cluster()
        return self

    def _linker(
        self, records: pd.DataFrame, settings: Any, engine: str, given_lookup: pd.DataFrame | None
    ) -> tuple[Linker, Any]:
        """A Splink linker over the registrations on ``engine``, and its database API.

        The model is trained on DuckDB whatever the engine, and only blocking and scoring
        every pair run on Spark. Training reads sampled blocks (at most ``em_max_pairs``
        pairs per EM session) of the registrations this process already holds, and on
        Spark each EM iteration cost seconds of query planning: at 10^5 registrations
        EM took 139 s there against 3 s on DuckDB. Both engines then score with one model.
        """
        session = self.spark_session
        db_api = make_db_api(engine, spark_master=self.spark_master, session=session)
        linker = Linker(register_table(db_api, records), settings, log_level=None)
        _register_given_context(linker, db_api, given_lookup)
        return linker, db_api

    def cluster(self, decisions: Any = None, threshold: float | None = None) -> pd.DataFrame:
        """Re-cluster the fitted pairs, e.g. with review decisions, without re-scoring."""
        return cluster_pairs(
            self.record_ids_,
            self.predict_pairs_,
            threshold=self.threshold_ if threshold is None else threshold,
            cannot_link_below=self.cannot_link_below,
            decisions=decisions,
            exclusive_groups=self._sources if self.exclusive_sources_ else None,
        )

    def _train(
        self,
        linker: Linker,
        records: pd.DataFrame,
        where: dict[int, float] | None,
        comparisons: Sequence[Any],
    ) -> None:
        """Prior from a near-certain rule, u from random pairs (``calibrate.random_pair_u``),
        m by two EM sessions."""
        training = linker.training
        dated = block_pairs(records, ["birth_date_full"]) >= MIN_SHARED
        date_col = "birth_date_full" if dated else "birth_year"
        training.estimate_probability_two_random_records_match(
            [block_on("given_key", "family_key", date_col)],
            recall=START_RECALL if self.prior_recall is None else self.prior_recall,
        )
        if not linker._settings_obj._probability_two_random_records_match > 0:
            raise DedupeInputError(
                "no two registrations share both names and a birth date or year; "
                "nothing to learn duplicates from"
            )
        random_u = random_pair_u(
            records, comparisons, max_pairs=self.u_max_pairs, seed=self.random_state
        )
        for output, levels in random_u.items():
            set_level_u(linker, output, levels, floor=0.0)
        documents = document_u(records)
        if documents is not None:
            set_level_u(linker, "document", documents, floor=DOCUMENT_SAME_U)
        # EM on a name block with u measured among same-name strangers; Splink restores
        # the random-sampling u after each session, so the birth-date session uses those,
        # and scoring finally uses u measured among same-name strangers.
        registration = registration_u(records, seed=self.random_state)
        apply_conditional_u(linker, records, EM_PLAN)
        self._set_place_u(linker, registration, where)
        self.em_sessions_skipped_ = [
            name
            for name, columns in (("names", NAME_BLOCK), ("birth date", (date_col,)))
            if not _em_session(linker, em_block(records, columns, self.em_max_pairs))
        ]
        # The birth-date session is the one that trains the name levels; without it they
        # keep Splink's defaults. A block that leaves the names free trains them instead
        # (benchmarks/linkage_dedupe_small.py, 8 seeds: recall 0.909 -> 0.954 in the
        # 300-person registries where the session failed, precision 1.000 in both).
        fallback = [c for c in ("citizenship", "sex") if c in records]
        if "birth date" in self.em_sessions_skipped_ and fallback:
            _em_session(linker, em_block(records, fallback, self.em_max_pairs))
        _floor_m_probabilities(linker, M_FLOOR)
        if self.prior_recall is None:
            self.prior_recall_ = rule_recall(linker, records, date_col)
            settings = linker._settings_obj
            prior = settings._probability_two_random_records_match * START_RECALL
            settings._probability_two_random_records_match = min(prior / self.prior_recall_, 0.5)
        else:
            self.prior_recall_ = self.prior_recall
        apply_conditional_u(linker, records, PREDICT_PLAN)
        self._set_place_u(linker, registration, where)  # again: EM restored the sampled u
        # Scored pairs mostly share a family name: given-name u among same-family strangers.
        given = given_name_comparison(list(records.columns))
        shares = same_block_level_shares(records, given, "family_key", seed=self.random_state)
        if shares is not None:
            set_level_u(linker, "given_name", shares)
        sex_u = sex_u_when_given_names_differ(records, seed=self.random_state)
        if sex_u is not None:
            set_sex_u_when_given_names_differ(linker, sex_u)
        if documents is not None:  # again: EM restored the sampled u, true pairs included
            set_level_u(linker, "document", documents, floor=DOCUMENT_SAME_U)
        _levels_take_a_twin_s_m(linker)

    def _where_registered(self, records: pd.DataFrame, pooled: bool) -> dict[int, float] | None:
        """Add the share-of-citizenship bands to a ``pooled`` registry (several countries,
        ``model.reads_registration_together``) where their u can be measured
        (``calibrate.where_registered_u``), and return that u."""
        if "citizenship" not in records or not pooled:
            return None
        records[WHERE_REGISTERED_BAND] = where_registered_band(records)
        where = where_registered_u(records, seed=self.random_state)
        if where is None:
            records.drop(columns=[WHERE_REGISTERED_BAND], inplace=True)
        return where

    @staticmethod
    def _set_place_u(
        linker: Linker, registration: dict[int, float] | None, where: dict[int, float] | None
    ) -> None:
        """u of where and when registered, measured among namesakes (``calibrate``)."""
        if registration is not None:
            set_level_u(linker, "registration_date", registration)
        if where is not None:
            set_level_u(linker, WHERE_REGISTERED, where)

    def _within_components(
        self,
        linker: Linker,
        db_api: Any,
        records: pd.DataFrame,
        pairs: pd.DataFrame,
        given_lookup: pd.DataFrame | None,
    ) -> pd.DataFrame:
        """The cannot-links clustering needs: pairs inside a component of three or more
        records at the threshold scored below ``cannot_link_below``, whether or not a
        blocking rule brought them together.

        A chain joins records that no rule compares: Nikina Nagy and Anika Nagy, born the
        same day, met through one pair at 10^6 records, while the pairs between their
        other records, which speak against them, had never been scored.
        """
        if self.cannot_link_below is None:
            return pairs.iloc[:0]
        index = pd.Index(records["unique_id"].astype(str))
        edges = pairs[pairs["match_probability"] >= self.threshold_]
        left, right = _index_pairs(index, edges)
        comp = _components(len(index), left, right)
        big = np.bincount(comp)[comp] >= 3
        if not big.any():
            return pairs.iloc[:0]
        component = pd.Series(comp.astype(str), dtype=object).where(big, None)
        table = register_table(db_api, records.assign(component=component))
        settings = linker.misc.save_model_to_json()
        settings["blocking_rules_to_generate_predictions"] = [block_on("component")]
        within = Linker(table, settings, log_level=None)
        _register_given_context(within, db_api, given_lookup)
        predict = within.inference.predict()
        levels = _level_columns(within) if self.keep_levels else ()
        where = f"match_probability < {self.cannot_link_below}"
        return _query(within, _pairs_sql(predict.physical_name, where, levels=levels))


def _register_given_context(linker: Linker, db_api: Any, lookup: pd.DataFrame | None) -> None:
    """The frequencies of given names within citizenship (``calibrate.context_frequencies``,
    computed once per fit), for the exact given-name level."""
    if lookup is not None:
        linker.table_management.register_term_frequency_lookup(
            register_table(db_api, lookup), GIVEN_CONTEXT
        )


def _same_source_share(pairs: pd.DataFrame, records: pd.DataFrame) -> float:
    """Share of near-certain matches (p >= 0.999) registered twice by one organisation."""
    if "source" not in records:
        return 1.0
    sure = pairs[pairs["match_probability"] >= 0.999]
    if len(sure) < 50:
        return 1.0
    source = pd.Series(records["source"].to_numpy(object), index=records["unique_id"].astype(str))
    left = source.reindex(sure["record_id_l"]).to_numpy()
    right = source.reindex(sure["record_id_r"]).to_numpy()
    known = pd.notna(left) & pd.notna(right)
    return float((left[known] == right[known]).mean()) if known.any() else 1.0


def _em_session(linker: Linker, rule: Any, retries: int = 3) -> bool:
    """One EM session; False when Splink still gives up on a level's m underflowing to 0.

    On small registries a level can be seen only in pairs whose match probability
    underflows; Splink then refuses m = 0 and abandons the session. The level is then
    held at ``M_FLOOR`` (where ``_floor_m_probabilities`` would put it) and the session
    run again; after ``retries`` such levels it is skipped, and the other session's and
    the random-sampling estimates stand (see `em_sessions_skipped_`). Splink takes the
    blocked comparisons out of the model and swaps the prior for the session, and puts
    them back only when it succeeds, so the model is restored after each failure.
    """
    settings = linker._settings_obj
    held: list[tuple[str, int]] = []
    try:
        for _ in range(retries + 1):
            before = settings.core_model_settings.copy()
            try:
                # rule samples a large block itself (em_sample), the same on every engine
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
                return True
            except ValueError as exc:
                if "m_probability" not in str(exc):
                    raise
                settings.core_model_settings = before
                failed = _underflowing_level(exc)
                if failed is None:
                    return False
                level = _model_level(settings, *failed)
                level.m_probability = M_FLOOR
                level._fix_m_probability = True
                held.append(failed)
        return False
    finally:  # held for this session only
        for failed in held:
            _model_level(settings, *failed)._fix_m_probability = False


def _copy_parameters(source: Linker, target: Linker) -> None:
    """Give ``target`` the prior, m and u that ``source`` trained (the same settings,
    built for another engine's SQL dialect)."""
    trained, model = source._settings_obj, target._settings_obj
    prior = trained._probability_two_random_records_match
    model._probability_two_random_records_match = prior
    for comparison, into in zip(trained.comparisons, model.comparisons, strict=True):
        levels = zip(comparison.comparison_levels, into.comparison_levels, strict=True)
        for level, level_into in levels:
            level_into._m_probability = level._m_probability
            level_into._u_probability = level._u_probability


def _underflowing_level(exc: BaseException) -> tuple[str, int] | None:
    """Comparison (output column) and gamma of the level whose m Splink refused, read off
    the traceback; None where it cannot be read."""
    tb = exc.__traceback__
    while tb is not None:
        local = tb.tb_frame.f_locals
        if tb.tb_frame.f_code.co_name == "populate_m_u_from_lookup" and "cl" in local:
            return local["output_column_name"], local["cl"].comparison_vector_value
        tb = tb.tb_next
    return None


def _model_level(settings: Any, column: str, gamma: int) -> Any:
    """The level of the model's comparison ``column`` with this gamma."""
    comparison = settings._get_comparison_by_output_column_name(column)
    return next(lv for lv in comparison.comparison_levels if lv.comparison_vector_value == gamma)


# Levels that take the m of a twin level (comparison, level, twin), EM's own estimate
# being biased:
# - a full swap: name order is registration noise, not a property of the person; among
#   duplicates "Liu Wei" / "Wei Liu" tells as much as both names in order. EM sees few
#   swaps outside family-first cultures and put this m lower; with the names' frequencies
#   applied to swaps that cost recall (F1 0.9307 against 0.9326 at 10^5 records, and
#   three points of recall in a 300-person registry);
# - the same given name with no family name on one side: a missing family name is as
#   likely among duplicates as among strangers, and EM's estimate counts it in the m;
# - a different sex between different given names: a sex recorded wrongly is as likely
#   among duplicates whatever their given names (EM, blocked on equal names, sees the
#   other level only).
M_OF_TWIN = (
    ("family_name", "swapped with given", "Exact match on family_std"),
    ("given_name", GIVEN_EXACT_WITHOUT_FAMILY, "Exact match on given_std"),
    ("sex", SEX_WITH_OTHER_GIVEN_NAME, "All other comparisons"),
)


def _levels_take_a_twin_s_m(linker: Linker) -> None:
    """Give each level of ``M_OF_TWIN`` in the model its twin's m."""
    compared = {c.output_column_name for c in linker._settings_obj.comparisons}
    for column, label, twin in M_OF_TWIN:
        if column not in compared:
            continue
        try:
            level = comparison_level(linker, column, label)
        except StopIteration:  # a small registry's model, or no citizenship: no such level
            continue
        level.m_probability = comparison_level(linker, column, twin).m_probability


def _floor_m_probabilities(linker: Linker, floor: float) -> None:
    """Keep every disagreement level's m at least ``floor``.

    EM drives m towards 0 for disagreements never seen among its matches (a sex or
    citizenship recorded differently), which would make one clerical error veto a match.
    """
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m = level.m_probability
            if m is not None and m < floor:
                level.m_probability = floor


def _pairs_sql(predict: str, where: str, join: str = "", levels: Sequence[str] = ()) -> str:
    """SQL selecting scored pairs under the public column names (and level expressions)."""
    extra = "".join(f", {c}" for c in levels)
    return (
        "select cast(p.unique_id_l as varchar(64)) as record_id_l, "
        "cast(p.unique_id_r as varchar(64)) as record_id_r, "
        f"p.match_weight, p.match_probability{extra} from {predict} p {join} where p.{where}"
    )


def _level_columns(linker: Linker) -> list[str]:
    """Per comparison, the level Splink found (gamma_<output column>) and the match weight
    it added, term-frequency adjustment included (weight_<output column>)."""
    out = []
    for c in linker._settings_obj.comparisons:
        weight = f"p.{c._mw_column_name}"
        if c._has_tf_adjustments:
            weight += f" + coalesce(p.{c._mw_tf_adj_column_name}, 0)"
        out += [f"p.{c._gamma_column_name}", f"{weight} as weight_{c.output_column_name}"]
    return out


def _level_labels(linker: Linker) -> dict[str, dict[int, str]]:
    """Per comparison, the label of each level by its gamma value."""
    return {
        c.output_column_name: {
            int(level.comparison_vector_value): level.label_for_charts
            for level in c.comparison_levels
        }
        for c in linker._settings_obj.comparisons
    }


def _query(linker: Linker, sql: str) -> pd.DataFrame:
    """Run SQL on the engine and bring the (small) result to pandas."""
    return linker.misc.query_sql(sql, output_type="pandas")


def dedupe_frame(
    df: pd.DataFrame, *, engine: str = "duckdb", threshold: float | None = None
) -> pd.DataFrame:
    """Clusters (record_id, cluster_id, match_probability_to_cluster) for registrations."""
    return Deduplicator(threshold=threshold, engine=engine).fit(df).clusters_
