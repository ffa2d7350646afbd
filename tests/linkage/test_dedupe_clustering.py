"""Coherent clustering, review overrides and the review queue: pure functions, no engine."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thb.linkage.dedupe.clustering import (
    DEFAULT_THRESHOLD,
    cluster_pairs,
    expected_precision_threshold,
)
from thb.linkage.dedupe.errors import DecisionConflictError, DedupeInputError
from thb.linkage.dedupe.review import uncertain_pairs


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["record_id_l", "record_id_r", "match_probability"])


def _members(clusters: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(g["record_id"]) for _, g in clusters.groupby("cluster_id")}


def test_strong_links_form_clusters_with_ids_and_probabilities() -> None:
    pairs = _pairs([("a", "b", 0.999), ("b", "c", 0.995), ("d", "e", 0.2)])
    out = cluster_pairs(list("abcdef"), pairs, threshold=0.99)
    assert _members(out) == {frozenset("abc"), frozenset("d"), frozenset("e"), frozenset("f")}
    by_id = out.set_index("record_id")
    assert by_id.loc["c", "cluster_id"] == "a"
    assert by_id.loc["a", "match_probability_to_cluster"] == pytest.approx(0.999)
    assert by_id.loc["f", "match_probability_to_cluster"] == 1.0


def test_chain_through_a_clear_non_match_is_cut() -> None:
    # a~b and b~c are strong, but a and c were compared and clearly differ: b joins one side
    pairs = _pairs([("a", "b", 0.999), ("b", "c", 0.995), ("a", "c", 0.001)])
    plain = cluster_pairs(
        list("abc"), pairs, threshold=0.99, cannot_link_below=None, average_linkage=False
    )
    assert _members(plain) == {frozenset("abc")}
    coherent = cluster_pairs(list("abc"), pairs, threshold=0.99)
    assert _members(coherent) == {frozenset("ab"), frozenset("c")}


def test_equally_strong_links_are_taken_in_record_order_whatever_the_pairs_order() -> None:
    # b is as likely a's as c's (to float noise), and a and c differ: Spark and DuckDB list
    # the pairs in different orders, and both must give b to the same person
    rows = [("a", "b", 0.999), ("b", "c", 0.999 + 1e-15), ("a", "c", 0.001)]
    first = cluster_pairs(list("abc"), _pairs(rows), threshold=0.99)
    second = cluster_pairs(list("abc"), _pairs(rows[::-1]), threshold=0.99)
    assert _members(first) == _members(second) == {frozenset("ab"), frozenset("c")}
    assert first.equals(second)


def test_record_disowned_by_the_cluster_is_not_pulled_in_by_one_strong_link() -> None:
    # d links strongly to a only; a, b, c hold together; d scores 0.3 with b and c
    rows = [("a", "b", 0.999), ("a", "c", 0.999), ("b", "c", 0.999), ("a", "d", 0.995)]
    pairs = _pairs([*rows, ("b", "d", 0.3), ("c", "d", 0.3)])
    plain = cluster_pairs(list("abcd"), pairs, threshold=0.99, average_linkage=False)
    assert _members(plain) == {frozenset("abcd")}
    coherent = cluster_pairs(list("abcd"), pairs, threshold=0.99)
    assert _members(coherent) == {frozenset("abc"), frozenset("d")}


def test_two_persons_of_several_records_merge_only_on_clearly_more_than_the_threshold() -> None:
    # a, b and c, d are each one person beyond doubt; the pairs across average 1.6 bits at a
    # threshold of 0.7 (1.2 bits). e, whom b disowns, makes the component incoherent so that
    # it is re-clustered. A single record so scored joins a person; two established persons
    # join only when the pairs across clear the threshold by a bit.
    doubt = [("a", "e", 0.95), ("b", "e", 0.05)]
    groups = [("a", "b", 0.99), ("c", "d", 0.99)]
    across = [("a", "c", 0.8), ("a", "d", 0.8), ("b", "c", 0.8), ("b", "d", 0.55)]
    apart = cluster_pairs(list("abcde"), _pairs([*groups, *across, *doubt]), threshold=0.7)
    assert _members(apart) == {frozenset("ab"), frozenset("cd"), frozenset("e")}
    one = [groups[0], ("a", "c", 0.8), ("b", "c", 0.6), *doubt]  # 1.3 bits across
    single = cluster_pairs(list("abce"), _pairs(one), threshold=0.7)
    assert _members(single) == {frozenset("abc"), frozenset("e")}
    clear = [(x, y, 0.9) for x in "ab" for y in "cd"]  # 3.2 bits
    together = cluster_pairs(list("abcde"), _pairs([*groups, *clear, *doubt]), threshold=0.7)
    assert _members(together) == {frozenset("abcd"), frozenset("e")}


def test_long_chain_does_not_become_a_giant_cluster() -> None:
    # 40 records where each neighbour pair is strong but records 3 apart clearly differ
    ids = [f"r{i:02d}" for i in range(40)]
    rows = [(ids[i], ids[i + 1], 0.999) for i in range(39)]
    rows += [(ids[i], ids[i + 3], 0.0001) for i in range(37)]
    out = cluster_pairs(ids, _pairs(rows), threshold=0.99)
    assert out.groupby("cluster_id").size().max() <= 3


def test_same_organisation_records_are_kept_apart_unless_linked_directly() -> None:
    pairs = _pairs([("a", "b", 0.999), ("b", "c", 0.999), ("c", "d", 0.999)])
    groups = ["police", "ngo", "shelter", "police"]
    out = cluster_pairs(list("abcd"), pairs, threshold=0.99, exclusive_groups=groups)
    clusters = _members(out)
    assert not any({"a", "d"} <= c for c in clusters)
    assert frozenset("ab") in clusters or frozenset("abc") in clusters


def test_not_a_match_decision_separates_and_match_decision_joins() -> None:
    pairs = _pairs([("a", "b", 0.999), ("b", "c", 0.999), ("d", "e", 0.30)])
    decisions = [("a", "c", "not_a_match"), ("d", "e", "match"), ("b", "c", "unsure")]
    out = cluster_pairs(list("abcde"), pairs, threshold=0.99, decisions=decisions)
    cid = out.set_index("record_id")["cluster_id"]
    assert cid["a"] != cid["c"]
    assert cid["d"] == cid["e"]
    assert out.set_index("record_id").loc["d", "match_probability_to_cluster"] == 1.0


def test_match_decision_on_an_unscored_pair_joins_it() -> None:
    out = cluster_pairs(["x", "y"], _pairs([]), threshold=0.99, decisions=[("x", "y", "match")])
    assert out["cluster_id"].nunique() == 1


def test_contradictory_decisions_raise() -> None:
    decisions = [("a", "b", "match"), ("b", "c", "match"), ("a", "c", "not_a_match")]
    with pytest.raises(DecisionConflictError, match="not_a_match"):
        cluster_pairs(list("abc"), _pairs([]), threshold=0.99, decisions=decisions)


def test_unknown_decision_and_unknown_record_are_rejected() -> None:
    with pytest.raises(DedupeInputError, match="maybe"):
        cluster_pairs(list("ab"), _pairs([]), threshold=0.9, decisions=[("a", "b", "maybe")])
    with pytest.raises(DedupeInputError, match="'zz'"):
        cluster_pairs(list("ab"), _pairs([("a", "zz", 0.99)]), threshold=0.9)


ids_st = st.sampled_from([f"r{i}" for i in range(12)])


@settings(max_examples=60, deadline=None)
@given(
    scored=st.lists(st.tuples(ids_st, ids_st, st.floats(0, 1)), max_size=40),
    decided=st.lists(
        st.tuples(ids_st, ids_st, st.sampled_from(["match", "not_a_match", "unsure"])),
        max_size=8,
    ),
)
def test_review_decisions_always_hold(scored: list, decided: list) -> None:
    """Any scores, any consistent decisions: 'not a match' apart, 'match' together."""
    ids = [f"r{i}" for i in range(12)]
    scored = [(a, b, p) for a, b, p in scored if a != b]
    decided = [(a, b, d) for a, b, d in decided if a != b]
    try:
        out = cluster_pairs(ids, _pairs(scored), threshold=0.9, decisions=decided)
    except DecisionConflictError:
        return  # the decisions themselves contradict each other
    cid = out.set_index("record_id")["cluster_id"]
    last = {frozenset((a, b)): d for a, b, d in decided}
    for pair, decision in last.items():
        a, b = sorted(pair)
        if decision == "match":
            assert cid[a] == cid[b]
        elif decision == "not_a_match":
            assert cid[a] != cid[b]
    assert sorted(out["record_id"]) == sorted(ids)


def test_uncertain_pairs_selects_band_most_uncertain_first_and_skips_decided() -> None:
    pairs = _pairs([("a", "b", 0.99), ("a", "c", 0.6), ("b", "c", 0.2), ("c", "d", 0.45)])
    queue = uncertain_pairs(pairs, 0.3, 0.95)
    assert list(zip(queue["record_id_l"], queue["record_id_r"], strict=True)) == [
        ("c", "d"),
        ("a", "c"),
    ]
    decided = pd.DataFrame(
        {"record_id_l": ["d"], "record_id_r": ["c"], "decision": ["not_a_match"]}
    )
    assert uncertain_pairs(pairs, 0.3, 0.95, decided=decided)["record_id_r"].tolist() == ["c"]
    with pytest.raises(ValueError, match="low"):
        uncertain_pairs(pairs, 0.9, 0.1)


def test_threshold_from_expected_precision_uses_only_the_model_probabilities() -> None:
    p = [1.0, 1.0, 0.99, 0.9, 0.5, 0.2]
    # means of the top k: 1, 1, .997, .9725, .878, ...
    assert expected_precision_threshold(p, 0.97) == 0.9
    assert expected_precision_threshold(p, 0.995) == 0.99
    assert expected_precision_threshold([], 0.99) == DEFAULT_THRESHOLD
    assert expected_precision_threshold([0.4, 0.3], 0.99) == DEFAULT_THRESHOLD
    assert expected_precision_threshold([1.0] * 99 + [0.2], 0.99) == 0.5  # never below 0.5
    with pytest.raises(ValueError, match="expected_precision"):
        expected_precision_threshold(p, 1.5)


def test_a_pair_scored_nine_to_one_against_never_shares_a_person_by_default() -> None:
    # a~b and b~c link at a lenient threshold and the average weight would admit c, but
    # the model put a-c at 0.08: the default cannot-link keeps them apart.
    pairs = _pairs([("a", "b", 0.99), ("b", "c", 0.99), ("a", "c", 0.08)])
    loose = cluster_pairs(list("abc"), pairs, threshold=0.6, cannot_link_below=0.05)
    assert _members(loose) == {frozenset("abc")}
    assert _members(cluster_pairs(list("abc"), pairs, threshold=0.6)) == {
        frozenset("ab"),
        frozenset("c"),
    }
