"""API shapes: <Thing>Create is written by users; Read and Update are derived from it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from thb.codes.countries import is_country_code
from thb.codes.exploitation import ExploitationForm
from thb.codes.registry import (
    AgeAssessmentMethod,
    CompensationScheme,
    ConsentGivenBy,
    ConsentPurpose,
    DecisionStage,
    Gender,
    LegalStatus,
    ProceedingOutcome,
    ReflectionTermination,
    SexStat,
    TraffickingEventType,
)


class Strict(BaseModel):
    """Unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


def _country(value: str | None) -> str | None:
    if value is not None and not is_country_code(value):
        raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
    return value


class PersonFields(Strict):
    first_name: str | None = Field(default=None, max_length=200)
    second_name: str | None = Field(default=None, max_length=200)
    alias: str | None = Field(default=None, max_length=200)
    birth_date: date | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    birth_date_estimated: bool = False
    age_uncertain: bool = False
    gender: Gender = Gender.UNKNOWN
    citizenships: list[str] = Field(default_factory=list)
    stateless: bool = False
    migration_status: str | None = Field(default=None, max_length=40)
    primary_language: str | None = Field(default=None, max_length=3)
    identity_number: str | None = Field(default=None, max_length=60)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    unaccompanied: bool = False

    @field_validator("citizenships")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        for code in value:
            _country(code)
        return sorted(set(value))


class PersonCreate(PersonFields):
    """A presumed victim registered by the caller's organisation."""

    registration_date: date
    reporting_country: str | None = None
    initial_decision: DecisionStage | None = DecisionStage.REASONABLE_GROUNDS

    _rc = field_validator("reporting_country")(classmethod(lambda cls, v: _country(v)))


class PersonUpdate(Strict):
    first_name: str | None = None
    second_name: str | None = None
    alias: str | None = None
    birth_date: date | None = None
    birth_year: int | None = Field(default=None, ge=1900, le=2100)
    birth_date_estimated: bool | None = None
    age_uncertain: bool | None = None
    gender: Gender | None = None
    citizenships: list[str] | None = None
    stateless: bool | None = None
    migration_status: str | None = None
    primary_language: str | None = None
    identity_number: str | None = None
    email: str | None = None
    phone: str | None = None
    unaccompanied: bool | None = None

    @field_validator("citizenships")
    @classmethod
    def _codes(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else PersonFields._codes(value)


class PersonSummary(BaseModel):
    """What pseudonymous readers (and lists) see: no identifying field."""

    id: int
    case_ref: str
    organisation_id: int
    reporting_country: str
    registration_date: date
    sex_stat: SexStat
    age_group: str
    citizen_cat: str
    registration_status: str | None
    exploitation_forms: list[str]
    identifying: bool = False


class PersonRead(PersonSummary, PersonFields):
    """The full record, only for the holding organisation; every read is audited."""

    model_config = ConfigDict(extra="ignore")
    identifying: bool = True


class NameSearch(Strict):
    first_name: str | None = Field(default=None, max_length=200)
    second_name: str | None = Field(default=None, max_length=200)


class Page(BaseModel):
    items: list[Any]
    total: int
    limit: int
    offset: int


# Records that hang off a person. Each Create schema is the source; Read/Update derive from it.


class DecisionCreate(Strict):
    stage: DecisionStage
    decision_date: date
    decided_by_org_id: int | None = None
    formal_identification: bool = False


class ExploitationCreate(Strict):
    form: ExploitationForm
    is_primary: bool = True
    sex_exploitation_types: list[str] = Field(default_factory=list)
    industry: str | None = None
    country: str | None = None
    nuts_region: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    online_component: bool = False
    websites_and_apps: list[str] = Field(default_factory=list)
    means_of_control: list[str] = Field(default_factory=list)

    _c = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class RecruitmentCreate(Strict):
    methods: list[str] = Field(default_factory=list)
    websites_and_apps: list[str] = Field(default_factory=list)
    country: str | None = None
    relationship_to_trafficker: str | None = None
    age_when_trafficked: int | None = Field(default=None, ge=0, le=120)
    abduction: bool = False

    _c = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class TraffickingEventCreate(Strict):
    event_type: TraffickingEventType
    event_date: date | None = None
    country: str
    city: str | None = None
    description: str | None = None

    _c = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class ConsentCreate(Strict):
    purpose: ConsentPurpose
    given_by: ConsentGivenBy = ConsentGivenBy.SELF
    given_on: date
    method: str = "written"
    recipient_org_id: int | None = None
    language: str | None = None
    interpreter_used: bool = False
    legal_basis: str | None = None
    withdrawn_at: datetime | None = None


class GuardianshipCreate(Strict):
    guardian_org_id: int | None = None
    guardian_name: str | None = None
    appointed_at: datetime
    basis: str | None = None
    ended_at: datetime | None = None


class AgeAssessmentCreate(Strict):
    method: AgeAssessmentMethod
    assessed_on: date
    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    benefit_of_doubt_applied: bool = True


class ReflectionPeriodCreate(Strict):
    legal_basis: str = "2004/81 Art 6"
    start_date: date
    planned_end_date: date
    actual_end_date: date | None = None
    extended: bool = False
    termination_reason: ReflectionTermination | None = None
    terminated_by_org_id: int | None = None
    information_given_on: date | None = None


class ResidencePermitCreate(Strict):
    permit_type: str
    application_date: date | None = None
    decision: str = "pending"
    valid_from: date | None = None
    valid_to: date | None = None
    withdrawal_reason: str | None = None


class CompensationClaimCreate(Strict):
    scheme: CompensationScheme
    filed_on: date | None = None
    decided_on: date | None = None
    amount_awarded: float | None = Field(default=None, ge=0)
    amount_paid: float | None = Field(default=None, ge=0)
    currency: str = "EUR"


class CaseNoteCreate(Strict):
    text: str = Field(min_length=1, max_length=20000)


class NonPunishmentCreate(Strict):
    assessed_on: date
    compelled_offences: list[str] = Field(default_factory=list)
    non_punishment_applies: bool
    note: str | None = Field(default=None, max_length=4000)


class TaskCreate(Strict):
    kind: str
    title: str
    due_at: datetime
    completed_at: datetime | None = None
    assigned_org_id: int | None = None


class PerpetratorCreate(Strict):
    country: str | None = None
    name: str | None = None
    sex_stat: SexStat = SexStat.UNK
    citizenship: str | None = None
    age_group: str = "UNK"
    legal_person: bool = False
    roles_in_process: list[str] = Field(default_factory=list)

    _c = field_validator("country", "citizenship")(classmethod(lambda cls, v: _country(v)))


class ProceedingCreate(Strict):
    year: int = Field(ge=2000, le=2100)
    leg_stat: LegalStatus
    offence_code: str = "0201"
    exploitation_form: ExploitationForm | None = None
    outcome: ProceedingOutcome = ProceedingOutcome.PENDING
    sentence_months: int | None = Field(default=None, ge=0)
    victim_person_id: int | None = None
    victim_cooperates: bool | None = None
    jit_reference: str | None = None


def read_schema(create: type[BaseModel], *extra: str) -> type[BaseModel]:
    """`<Thing>Read`: the Create fields plus the server-set ones."""
    fields: dict[str, Any] = {"id": (int, ...), "created_at": (Optional[datetime], None)}  # noqa: UP045
    fields.update({name: (int, ...) for name in extra})
    return create_model(
        create.__name__.replace("Create", "Read"),
        __base__=create,
        __config__=None,
        **fields,
    )


def update_schema(create: type[BaseModel]) -> type[BaseModel]:
    """`<Thing>Update`: every Create field optional; only the fields sent are changed."""
    fields: dict[str, Any] = {
        name: (Optional[info.annotation], None)  # noqa: UP045
        for name, info in create.model_fields.items()
    }
    return create_model(create.__name__.replace("Create", "Update"), __base__=Strict, **fields)
