"""EM's training blocks sampled from a draw made once in pandas (em_sample.py)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from thb.linkage.dedupe.em_sample import EM_DRAW, add_em_draw, block_pairs, em_block


def _registrations(n: int, names: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    family = pd.Series(rng.integers(0, names, n)).map("F{}".format).astype(object)
    family[::10] = None  # missing names block with nobody
    return pd.DataFrame({"family_key": family, "given_key": "G"})


def _blocked_pairs(records: pd.DataFrame, rule: object) -> pd.DataFrame:
    condition = rule.get_blocking_rule("duckdb").blocking_rule_sql  # type: ignore[attr-defined]
    con = duckdb.connect()
    con.register("t", records.assign(id=range(len(records))))
    sql = f"select l.id as id_l, r.id as id_r from t l join t r on l.id < r.id and {condition}"
    return con.execute(sql).df()


def test_block_pairs_counts_pairs_agreeing_on_every_column() -> None:
    records = pd.DataFrame(
        {"a": ["x", "x", "x", "y", "y", None], "b": ["1", "1", "2", "3", "3", "3"]}
    )
    assert block_pairs(records, ["a"]) == 3 + 1
    assert block_pairs(records, ["a", "b"]) == 1 + 1


def test_a_block_within_the_budget_is_not_sampled() -> None:
    records = _registrations(400, 40)
    add_em_draw(records, seed=0)
    rule = em_block(records, ["family_key", "given_key"], max_pairs=10_000)
    assert EM_DRAW not in rule.get_blocking_rule("duckdb").blocking_rule_sql
    assert len(_blocked_pairs(records, rule)) == block_pairs(records, ["family_key"])


def test_a_larger_block_keeps_about_the_budget_chosen_by_the_draw_alone() -> None:
    records = _registrations(4000, 20)
    add_em_draw(records, seed=0)
    total = block_pairs(records, ["family_key", "given_key"])
    assert total > 300_000
    rule = em_block(records, ["family_key", "given_key"], max_pairs=20_000)
    kept = _blocked_pairs(records, rule)
    assert 15_000 < len(kept) < 25_000
    # the sample is the registrations whose draw is below one bound: nothing engine-specific
    ids = np.union1d(kept["id_l"], kept["id_r"])
    draws = records[EM_DRAW].to_numpy()
    bound = draws[ids].max()
    named = records["family_key"].notna().to_numpy()
    assert set(ids) == set(np.flatnonzero(named & (draws <= bound)))


def test_the_draw_is_the_same_for_the_same_seed() -> None:
    first, second = _registrations(100, 5), _registrations(100, 5)
    add_em_draw(first, seed=7)
    add_em_draw(second, seed=7)
    assert first[EM_DRAW].equals(second[EM_DRAW])
