"""Names are keyed by their naming custom where the citizenship does not say it."""

from __future__ import annotations

import pandas as pd

from thb.linkage.dedupe.naming_custom import family_citizenships, naming_customs, script_custom
from thb.linkage.dedupe.normalise import prepare_records

CUSTOMS = {"VN", "TH", "SY", "MA", "ER", "CN"}


def test_the_script_says_the_custom() -> None:
    assert script_custom("ศิริพร") == "TH"
    assert script_custom("زينب") == "SY"
    assert script_custom("ሰላም") == "ER"
    assert script_custom("王伟") == "CN"
    assert script_custom("Ioana") is None
    assert script_custom(None) is None


def test_a_family_name_says_its_citizenship_where_nearly_all_its_registrations_agree() -> None:
    family = pd.Series(["nguyen"] * 9 + ["ali"] * 4 + ["tran"] * 2 + ["nguyen", "le"])
    citizenship = pd.Series(["VN"] * 8 + ["FR"] + ["SY", "AF", "MA", "SY"] + ["VN"] * 2
                            + [None, None])  # fmt: skip
    inferred = family_citizenships(family, citizenship)
    assert inferred.to_dict() == {"nguyen": "VN"}  # Ali: no custom agreed; Tran: too few


def test_order_script_then_own_custom_then_family_name_then_recorded() -> None:
    family = pd.Series(["nguyen"] * 6 + ["charqaoui"] * 5 + ["popescu"])
    citizenship = pd.Series(
        ["VN", "VN", "VN", "VN", None, "FR", "MA", "MA", "MA", "MA", "IT", None]
    )
    given_raw = pd.Series(["Lan", "Lan", "Lan", "ศิริพร", "Lan", "Lan", "Rachid", "Rachid",
                           "Rachid", "Rachid", "Rachid", "Ion"])  # fmt: skip
    custom = naming_customs(citizenship, given_raw, family, family, CUSTOMS)
    assert custom.tolist() == [
        "VN", "VN", "VN",
        "TH",  # written in Thai script, whatever is recorded
        "VN",  # none recorded: the family name's
        "VN",  # FR has no custom of its own: the family name's
        "MA", "MA", "MA", "MA",
        "MA",  # an Italian citizen called Charqaoui
        None,  # Popescu: nothing to go by
    ]  # fmt: skip


def test_a_registration_without_citizenship_meets_its_custom_s_spellings() -> None:
    frame = pd.DataFrame(
        {
            "record_id": [str(i) for i in range(6)],
            "given_name": ["Thị Lan", "Lan", "Mai", "Hoa", "Phương Linh", "ศิริพร"],
            "family_name": ["Nguyễn", "NGUYEN", "Nguyen", "Nguyen", "Nguyen", "Kaewmanee"],
            "birth_date": ["1988"] * 6,
            "citizenship": ["", "VN", "VN", "VN", "", "DE"],
        }
    )
    records = prepare_records(frame)
    assert records["given_key"].tolist()[:2] == ["lan", "lan"]
    assert records["given_key"].iloc[4] == "linh"
    siriporn = prepare_records(frame.assign(given_name="Siriporn", citizenship="TH"))
    assert records["given_key"].iloc[5] == siriporn["given_key"].iloc[5]
    assert records["citizenship"].iloc[0] is None  # compared as recorded
