"""Two family names: the one a registration keeps depends on the person's country."""

from __future__ import annotations

import pandas as pd

from tests.linkage.name_key_helpers import compared, registrations
from thb.linkage.dedupe.normalise import prepare_records


def _frame(given: list[str], family: list[str], citizenship: list[str]) -> pd.DataFrame:
    return registrations(given, family, ["1982-10-13"] + [""] * (len(given) - 1), citizenship)


def test_portuguese_names_keep_the_last_and_spanish_names_the_first() -> None:
    records = prepare_records(
        _frame(
            ["Joana", "Joana", "Carmen", "Carmen", "Joana"],
            ["Ferreira Pereira", "PEREIRA", "Danández Marínez", "Danandez", "Ferreira Pereira"],
            ["BR", "PT", "ES", "MX", "FR"],
        )
    )
    keys = records["family_key"].tolist()
    assert keys[0] == keys[1] and keys[2] == keys[3]
    assert keys[4] != keys[0]  # a French record keeps the whole name
    # given names are not touched
    assert records["given_key"].iloc[0] == records["given_key"].iloc[4]


def test_a_registration_with_one_family_name_is_compared_with_one_with_both() -> None:
    assert compared(_frame(["Jula", "Jula"], ["Sofo Pereira", "Pereira"], ["BR", "BR"]))
