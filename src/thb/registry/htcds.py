"""HTCDS-shaped CSV/XLSX export and all-or-nothing import of registered persons.

Column names are HTCDS 2.0 field names (prs_, vic_, cas_) where HTCDS has them, `eu_` otherwise.
HTCDS 2.0: International Organization for Migration, CTDC; CC BY 4.0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from thb.codes.exploitation import HTCDS_TYPE_OF_EXPLOITATION, ExploitationForm
from thb.codes.registry import Gender
from thb.errors import Forbidden, InvalidInput
from thb.registry import models as m
from thb.registry import rules, service
from thb.registry import schemas as s
from thb.security import audit
from thb.security.permissions import Access, can_export, can_import, case_access
from thb.security.roles import Actor

IDENTIFYING_COLUMNS = {
    "prs_FirstName": "first_name",
    "prs_SecondName": "second_name",
    "prs_Birthdate": "birth_date",
    "prs_IdentityNumber": "identity_number",
    "prs_Email": "email",
    "prs_Phone": "phone",
}
PSEUDONYMOUS_COLUMNS = [
    "cas_CaseReference", "eu_registration_date", "eu_reporting_country", "prs_Gender",
    "eu_sex_stat", "eu_birth_year", "eu_birthdate_estimated", "prs_Citizenship", "eu_stateless",
    "eu_age_group", "eu_citizen_cat", "eu_registration_status", "vic_TraffickingStatus",
    "vic_TypeOfExploitation", "eu_exploitation_form",
]  # fmt: skip


def export_rows(
    session: Session, actor: Actor, *, identifying: bool = False
) -> Iterator[dict[str, str]]:
    """One row per person the actor may see; identifying columns only when asked and allowed."""
    if not can_export(actor, identifying=identifying):
        raise Forbidden("your role may not make this export")
    query = select(m.Person).order_by(m.Person.id)
    exported: list[int] = []
    for person in session.scalars(query):
        access = case_access(
            actor, person.organisation_id, person.registrations[0].reporting_country
        )
        if access == Access.NONE or (identifying and access < Access.FULL):
            continue
        exported.append(person.id)
        yield _row(person, identifying)
    audit.record(session, actor, "export", "person", None,
                 fields=IDENTIFYING_COLUMNS.values() if identifying else (),
                 purpose=f"htcds export of {len(exported)} persons")  # fmt: skip


def _row(person: m.Person, identifying: bool) -> dict[str, str]:
    summary = service.summary(person)
    latest = rules.latest_decision(
        rules.Decision(d.stage, d.decision_date, d.formal_identification, d.id)
        for d in person.decisions
    )
    forms = summary.exploitation_forms
    status = (
        rules.htcds_trafficking_status(latest.stage, latest.formal_identification) if latest else ""
    )
    htcds_types = sorted({HTCDS_TYPE_OF_EXPLOITATION[ExploitationForm(f)] for f in forms})
    row = {
        "cas_CaseReference": person.case_ref,
        "eu_registration_date": summary.registration_date.isoformat(),
        "eu_reporting_country": summary.reporting_country,
        "prs_Gender": person.gender,
        "eu_sex_stat": person.sex_stat,
        "eu_birth_year": str(person.birth_year or ""),
        "eu_birthdate_estimated": str(person.birth_date_estimated).lower(),
        "prs_Citizenship": ";".join(person.citizenships),
        "eu_stateless": str(person.stateless).lower(),
        "eu_age_group": summary.age_group,
        "eu_citizen_cat": summary.citizen_cat,
        "eu_registration_status": summary.registration_status or "",
        "vic_TraffickingStatus": status,
        "vic_TypeOfExploitation": ";".join(htcds_types),
        "eu_exploitation_form": ";".join(forms),
    }  # fmt: skip
    if identifying:
        for column, attr in IDENTIFYING_COLUMNS.items():
            value = getattr(person, attr)
            row[column] = value.isoformat() if isinstance(value, date) else (value or "")
    return row


def write_csv(rows: Iterable[dict[str, str]], target: io.TextIOBase, identifying: bool) -> int:
    columns = PSEUDONYMOUS_COLUMNS + (list(IDENTIFYING_COLUMNS) if identifying else [])
    writer = csv.DictWriter(target, fieldnames=columns)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(rows: Iterable[dict[str, str]], path: Path, identifying: bool) -> int:
    from openpyxl import Workbook

    columns = PSEUDONYMOUS_COLUMNS + (list(IDENTIFYING_COLUMNS) if identifying else [])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("persons")
    sheet.append(columns)
    count = 0
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
        count += 1
    book.save(path)
    return count


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as strings keyed by header."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        values = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        header, body = values[0], values[1:]
        return [dict(zip(header, row, strict=False)) for row in body]
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _person_create(row: dict[str, str]) -> s.PersonCreate:
    """Map one HTCDS row to PersonCreate; pydantic names the bad field."""

    def val(column: str) -> str | None:
        return (row.get(column) or "").strip() or None

    data = {
        "first_name": val("prs_FirstName"),
        "second_name": val("prs_SecondName"),
        "birth_date": val("prs_Birthdate"),
        "identity_number": val("prs_IdentityNumber"),
        "email": val("prs_Email"),
        "phone": val("prs_Phone"),
        "birth_year": val("eu_birth_year"),
        "birth_date_estimated": (val("eu_birthdate_estimated") or "false").lower() == "true",
        "gender": val("prs_Gender") or Gender.UNKNOWN,
        "citizenships": [c for c in (val("prs_Citizenship") or "").split(";") if c],
        "stateless": (val("eu_stateless") or "false").lower() == "true",
        "registration_date": val("eu_registration_date"),
        "reporting_country": val("eu_reporting_country"),
    }
    return s.PersonCreate.model_validate(data)


COLUMN_OF_FIELD = {v: k for k, v in IDENTIFYING_COLUMNS.items()} | {
    "birth_year": "eu_birth_year", "gender": "prs_Gender", "citizenships": "prs_Citizenship",
    "stateless": "eu_stateless", "registration_date": "eu_registration_date",
    "reporting_country": "eu_reporting_country", "eu_exploitation_form": "eu_exploitation_form",
}  # fmt: skip


def import_rows(session: Session, actor: Actor, rows: list[dict[str, str]]) -> list[int]:
    """Validate every row first; any error rejects the whole file, naming each row and field."""
    if not can_import(actor):
        raise Forbidden("your role does not import case records")
    parsed, errors = [], []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            person = _person_create(row)
            forms = [
                ExploitationForm(f) for f in (row.get("eu_exploitation_form") or "").split(";") if f
            ]
            parsed.append((person, forms))
        except ValidationError as exc:
            for e in exc.errors():
                field = str(e["loc"][0]) if e["loc"] else ""
                errors.append(
                    {"row": number, "field": COLUMN_OF_FIELD.get(field, field), "message": e["msg"]}
                )
        except ValueError as exc:
            errors.append({"row": number, "field": "eu_exploitation_form", "message": str(exc)})
    if not rows:
        raise InvalidInput("the file has no rows")
    if errors:
        bad_rows = len({e["row"] for e in errors})
        raise InvalidInput(
            f"{len(errors)} problems in {bad_rows} rows; nothing was imported", errors=errors
        )
    ids = []
    with session.begin_nested():
        for person_data, forms in parsed:
            registered = service.register_victim(session=session, actor=actor, data=person_data)
            for i, form in enumerate(forms):
                session.add(
                    m.ExploitationEpisode(person_id=registered.id, form=form, is_primary=i == 0)
                )
            ids.append(registered.id)
    return ids
