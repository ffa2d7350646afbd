"""Naming and enumerating log-linear models: term masks <-> "A:B" and "[12,13,25]" strings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from thb.estimate.data import EstimationInputError
from thb.estimate.loglinear import popcount

MAX_MODELS = 250_000


def term_name(mask: int, lists: Sequence[str]) -> str:
    """'A:B' for the lists in the mask, in list order."""
    return ":".join(name for j, name in enumerate(lists) if mask >> j & 1)


def parse_terms(text: str | Sequence[str] | None, lists: Sequence[str]) -> list[int]:
    """'A:B,B:C' (names or 1-based numbers) -> term masks; unknown names are input errors."""
    if text is None:
        return []
    items = text.split(",") if isinstance(text, str) else list(text)
    index = {name: j for j, name in enumerate(lists)}
    index.update({str(j + 1): j for j in range(len(lists))})
    masks: list[int] = []
    for raw in items:
        item = raw.strip()
        if not item:
            continue
        parts = [p.strip() for p in item.split(":")]
        unknown = [p for p in parts if p not in index]
        if unknown:
            raise EstimationInputError(
                f"term {item!r}: unknown list {unknown[0]!r} (lists are {', '.join(lists)})",
                field="terms",
            )
        mask = 0
        for p in parts:
            mask |= 1 << index[p]
        if len(parts) < 2 or int(popcount(mask)) != len(parts):
            raise EstimationInputError(
                f"term {item!r}: an interaction joins at least two different lists", field="terms"
            )
        if mask not in masks:
            masks.append(mask)
    return hierarchical_closure(masks)


def hierarchical_closure(masks: Sequence[int]) -> list[int]:
    """Add every lower-order interaction a higher one implies (A:B:C brings A:B, A:C, B:C)."""
    out = set(masks)
    for mask in masks:
        bits = [1 << j for j in range(mask.bit_length()) if mask >> j & 1]
        for k in range(2, len(bits)):
            for sub in combinations(bits, k):
                out.add(sum(sub))
    return sorted(out, key=lambda s: (int(popcount(s)), s))


def generators(terms: Sequence[int], m: int) -> list[int]:
    """Maximal terms of a hierarchical model (lists with no interaction appear alone)."""
    all_terms = [*terms, *(1 << j for j in range(m))]
    return [t for t in all_terms if not any(t != u and (t & u) == t for u in all_terms)]


def hierarchy_name(terms: Sequence[int], m: int) -> str:
    """The literature's notation, lists numbered from 1: '[12,13,25]'."""
    gens = ["".join(str(j + 1) for j in range(m) if g >> j & 1) for g in generators(terms, m)]
    return "[" + ",".join(sorted(gens)) + "]"


def hierarchical_models(m: int, maxorder: int) -> list[tuple[int, ...]]:
    """Every hierarchical model with all main effects and interactions up to `maxorder`."""
    maxorder = min(maxorder, m)
    cands = [
        sum(1 << j for j in c) for k in range(2, maxorder + 1) for c in combinations(range(m), k)
    ]
    if count_hierarchical_models(m, maxorder) > MAX_MODELS:
        raise EstimationInputError(
            f"{m} lists up to order {maxorder} means more than {MAX_MODELS:,} models; "
            "lower --maxorder (BIC handles at most 6 lists with two-list terms) or use stepwise",
            field="maxorder",
        )
    pos = {c: i for i, c in enumerate(cands)}
    needs = []
    for c in cands:
        bits = [1 << j for j in range(m) if c >> j & 1]
        req = 0
        if len(bits) > 2:
            for b in bits:
                req |= 1 << pos[c & ~b]
        needs.append(req)
    return [tuple(cands[i] for i in range(len(cands)) if s >> i & 1) for s in _downsets(needs)]


def _downsets(needs: list[int]) -> Iterator[int]:
    def walk(i: int, chosen: int) -> Iterator[int]:
        if i == len(needs):
            yield chosen
            return
        yield from walk(i + 1, chosen)
        if chosen & needs[i] == needs[i]:
            yield from walk(i + 1, chosen | 1 << i)

    yield from walk(0, 0)


def count_hierarchical_models(m: int, maxorder: int) -> int:
    """Number of models `hierarchical_models` would list (guard against explosions)."""
    if maxorder <= 2:
        return 2 ** (m * (m - 1) // 2)
    known = {(3, 3): 9, (4, 3): 113, (4, 4): 114, (5, 3): 6212, (5, 4): 6893, (5, 5): 6894}
    if (m, maxorder) in known:
        return known[(m, maxorder)]
    return 3_702_013 if (m, maxorder) == (6, 3) else 10**9
