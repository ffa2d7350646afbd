"""Identity document numbers: read however they were written, compared where both records
carry one (the optional column ``identity_number``)."""

from __future__ import annotations

import pandas as pd
import pytest

from thb.linkage.dedupe import Deduplicator
from thb.linkage.dedupe.normalise import MAX_REGISTRATIONS_PER_DOCUMENT, prepare_records
from thb.linkage.evidence import finding
from thb.synth import registration_records

BASE = {"sex": "F", "reporting_country": "FR", "registration_date": "2018-03-01"}
# The same Thai woman, once under her nickname (น้อย, Noi) in Thai script with no birth
# date: the names alone leave her two registrations apart. Two Romanian namesakes born the
# same year, with their own passports.
ROWS = [
    {"record_id": "t1", "source": "FR-POLICE", "given_name": "น้อย",
     "family_name": "แก้วมณีศรีสุข", "birth_date": "", "citizenship": "TH",
     "identity_number": "AA 123-4567"},
    {"record_id": "t2", "source": "FR-NGO1", "given_name": "Siriporn",
     "family_name": "Kaewmaneesrisuk", "birth_date": "1996-12-14", "citizenship": "TH",
     "identity_number": "aa1234567"},
    {"record_id": "n1", "source": "FR-POLICE", "given_name": "Ioana", "family_name": "Popescu",
     "birth_date": "1990", "citizenship": "RO", "identity_number": "RA1111111"},
    {"record_id": "n2", "source": "FR-NGO1", "given_name": "Ioana", "family_name": "Popescu",
     "birth_date": "1990", "citizenship": "RO", "identity_number": "RB2226222"},
]  # fmt: skip


@pytest.fixture(scope="module")
def fitted() -> dict[str, Deduplicator]:
    records = registration_records(1500, seed=4).drop(columns=["true_person_id"])
    frame = pd.concat([records, pd.DataFrame([{**BASE, **r} for r in ROWS])], ignore_index=True)
    return {
        "with numbers": Deduplicator(keep_levels=True).fit(frame),
        "without": Deduplicator(keep_levels=True).fit(frame.drop(columns=["identity_number"])),
    }


def _pair(model: Deduplicator, a: str, b: str) -> pd.Series | None:
    pairs = model.predict_pairs_.set_index(["record_id_l", "record_id_r"])
    for key in ((a, b), (b, a)):
        if key in pairs.index:
            return pairs.loc[key]
    return None


def _together(model: Deduplicator, a: str, b: str) -> bool:
    cluster = model.clusters_.set_index("record_id")["cluster_id"]
    return bool(cluster[a] == cluster[b])


def test_numbers_are_read_whatever_the_spacing_and_placeholders_count_as_missing() -> None:
    shared = [f"PH{i}" for i in range(MAX_REGISTRATIONS_PER_DOCUMENT + 1)]
    frame = pd.DataFrame(
        {
            "record_id": ["a", "b", "c", "d", "e", "f", *shared],
            "given_name": "Ana",
            "family_name": "Pop",
            "birth_date": "",
            "identity_number": [" ab 123-4567 ", "AB1234567", "N/A", "000000", "", None,
                                *["XY 99999"] * len(shared)],
        }
    )  # fmt: skip
    document = prepare_records(frame)["document"].tolist()
    assert document[:2] == ["AB1234567", "AB1234567"]
    assert document[2:] == [None] * (len(frame) - 2)  # "XY99999" is on too many registrations


def test_the_same_number_joins_what_the_names_cannot(fitted: dict[str, Deduplicator]) -> None:
    assert not _together(fitted["without"], "t1", "t2")
    assert _together(fitted["with numbers"], "t1", "t2")
    pair = _pair(fitted["with numbers"], "t1", "t2")
    assert pair is not None and pair["weight_document"] > 15


def test_different_numbers_speak_against_namesakes(fitted: dict[str, Deduplicator]) -> None:
    without, with_numbers = (
        _pair(fitted["without"], "n1", "n2"),
        _pair(fitted["with numbers"], "n1", "n2"),
    )
    assert without is not None and with_numbers is not None
    assert with_numbers["weight_document"] < -3
    assert with_numbers["match_probability"] < without["match_probability"] - 0.2


def test_the_reviewer_reads_the_document_level_in_words() -> None:
    assert finding("document", "Exact match on document") == "the same number"
    assert finding("document", "Damerau-Levenshtein distance of document <= 1") == (
        "one character differs or two are swapped"
    )
    assert finding("document", "All other comparisons") == "different numbers"
    assert finding("document", "document is NULL") == "missing on one side"
