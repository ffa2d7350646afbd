"""Matching: popcount engine, blocking, one-to-one assignment, refusals of incompatible files."""

from __future__ import annotations

import numpy as np
import pytest

from thb.linkage.pprl import LinkageFileError, check_compatible, match_encodings
from thb.linkage.pprl.blocking import join_keys, lsh_candidates
from thb.linkage.pprl.encode import EncodedRecords
from thb.linkage.pprl.similarity import (
    dice_above,
    dice_of_pairs,
    popcount_words,
    popcount_words_lut,
    popcounts,
)
from thb.linkage.pprl.threshold import greedy_one_to_one

HEADER = {"format": "thb-clk", "schema": "s", "filter_length": 256, "key_fingerprint": "k"}


def random_filters(n: int, words: int, density: float, seed: int) -> np.ndarray:
    bits = np.random.default_rng(seed).random((n, words * 64)) < density
    return np.packbits(bits, axis=1, bitorder="little").view("<u8").astype(np.uint64)


def noisy_copy(filters: np.ndarray, flips: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    bits = np.unpackbits(filters.view(np.uint8), axis=1, bitorder="little").astype(bool)
    for row in bits:
        row[rng.choice(len(row), flips, replace=False)] ^= True
    return np.packbits(bits, axis=1, bitorder="little").view("<u8").astype(np.uint64)


def brute_dice(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ua = np.unpackbits(a.view(np.uint8), axis=1).astype(int)
    ub = np.unpackbits(b.view(np.uint8), axis=1).astype(int)
    return 2 * (ua @ ub.T) / (ua.sum(1)[:, None] + ub.sum(1)[None, :])


@pytest.mark.parametrize("compiled", [True, False], ids=["numba kernel", "numpy tiles"])
@pytest.mark.parametrize(("words", "threshold"), [(4, 0.45), (8, 0.8), (3, 0.7)])
def test_tiled_dice_equals_brute_force(words: int, threshold: float, compiled: bool) -> None:
    a, b = random_filters(150, words, 0.3, 1), random_filters(5000, words, 0.3, 2)
    b[:150] = noisy_copy(a, 10, 3)
    b[150] = a[0]
    b[151] = a[0] & ~a[1]  # a pair near the threshold
    expected = brute_dice(a, b)
    i, j, d = dice_above(a, b, threshold, compiled=compiled)
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == set(
        zip(*np.nonzero(expected >= threshold), strict=True)
    )
    assert np.allclose(d, expected[i, j])
    assert np.allclose(dice_of_pairs(a, b, i, j), d)
    assert np.array_equal(popcounts(a), np.unpackbits(a.view(np.uint8), axis=1).sum(1))


def test_the_kernel_s_output_grows_when_more_pairs_match_than_it_first_holds() -> None:
    a = random_filters(3, 8, 0.3, 7)
    b = np.repeat(a, 3000, axis=0)  # 9,000 equal pairs, more than the first 4,096 slots
    i, j, d = dice_above(a, b, 0.99)
    assert len(i) == 9000 and np.all(d == 1.0) and np.array_equal(i, j // 3000)


def test_lookup_table_popcount_agrees_with_numpy() -> None:
    words = random_filters(50, 16, 0.4, 12)
    words[0, 0] = np.uint64(2**64 - 1)
    assert np.array_equal(popcount_words_lut(words), popcount_words(words))
    assert popcount_words_lut(words)[0, 0] == 64


@pytest.mark.parametrize("compiled", [True, False], ids=["numba kernel", "numpy tiles"])
def test_pairs_exactly_at_the_threshold_are_kept(compiled: bool) -> None:
    a = np.zeros((1, 4), np.uint64)
    b = np.zeros((1, 4), np.uint64)
    a[0, :] = np.uint64(0xFFFF)  # 64 bits
    b[0, :2] = np.uint64(0xFFFF)  # 32 bits, all shared: Dice = 64 / 96 = 2/3
    b[0, 2:] = np.uint64(0)
    a[0, 2:] = np.uint64(0xFF)  # now a has 48 bits, intersection 32, Dice = 64 / 80 = 0.8
    assert dice_above(a, b, 0.8, compiled=compiled)[2].tolist() == [0.8]


def test_greedy_assignment_is_one_to_one_by_descending_similarity() -> None:
    i = np.array([0, 0, 1, 1, 2])
    j = np.array([0, 1, 0, 1, 1])
    sim = np.array([0.9, 0.95, 0.85, 0.7, 0.96])
    kept = greedy_one_to_one(i, j, sim)
    # 2-1 (0.96) first, then 0-0 (0.90); 1 gets nothing left
    assert sorted(zip(i[kept].tolist(), j[kept].tolist(), strict=False)) == [(0, 0), (2, 1)]


def test_join_keys_pairs_equal_keys_and_never_zero() -> None:
    i, j = join_keys(np.array([5, 0, 7, 5], np.uint64), np.array([7, 5, 0, 5], np.uint64))
    assert sorted(zip(i.tolist(), j.tolist(), strict=False)) == [
        (0, 1),
        (0, 3),
        (2, 0),
        (3, 1),
        (3, 3),
    ]


def test_lsh_banding_keeps_true_pairs_and_few_others() -> None:
    a = random_filters(2000, 8, 0.3, 4)
    b = noisy_copy(a, 25, 5)  # Dice about 0.9
    i, j = lsh_candidates(a, b)
    kept = np.mean(np.isin(np.arange(2000) * 2000 + np.arange(2000), i * 2000 + j))
    assert kept > 0.97
    assert len(i) / (2000 * 2000) < 0.05


def encoded(filters: np.ndarray, prefix: str, **header: object) -> EncodedRecords:
    ids = np.array([f"{prefix}{k}" for k in range(len(filters))], dtype=object)
    return EncodedRecords(ids, filters, None, {**HEADER, **header})


def test_match_finds_the_overlap_and_counts_by_threshold() -> None:
    a = random_filters(300, 4, 0.3, 6)
    b = np.vstack([noisy_copy(a[:200], 8, 7), random_filters(100, 4, 0.3, 8)])
    for blocking in ("none", "lsh"):
        result = match_encodings(encoded(a, "a"), encoded(b, "b"), 0.8, blocking)
        assert result.records_a == 300 and result.records_b == 300
        assert result.matched == 200
        assert (result.pairs.record_id_a.str[1:] == result.pairs.record_id_b.str[1:]).all()
        assert result.counts_by_threshold[0.8] == 200
        assert result.counts_by_threshold[0.7] >= 200
        assert 0.5 not in result.counts_by_threshold  # only down to 0.1 below the threshold
    auto = match_encodings(encoded(a, "a"), encoded(b, "b"), "auto", "none")
    assert auto.matched == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [("schema", "other"), ("filter_length", 512), ("key_fingerprint", "other-key")],
)
def test_incompatible_files_are_refused_naming_the_difference(field: str, value: object) -> None:
    with pytest.raises(LinkageFileError, match=field):
        check_compatible(HEADER, {**HEADER, field: value})


def test_year_blocking_needs_block_keys() -> None:
    a = random_filters(5, 4, 0.3, 9)
    with pytest.raises(LinkageFileError, match="block keys"):
        match_encodings(encoded(a, "a"), encoded(a, "b"), 0.8, "year")
