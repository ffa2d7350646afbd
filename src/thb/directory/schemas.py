"""API shapes for the directory: <Thing>Create is written by users; Read adds what is derived."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from thb.codes.assistance import AssistanceType
from thb.directory import rules


class Strict(BaseModel):
    """Unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


def _languages(value: list[str] | None) -> list[str] | None:
    return None if value is None else rules.normalise_languages(value)


def _eligibility(value: list[str] | None) -> list[str] | None:
    return None if value is None else rules.normalise_eligibility(value)


def _nuts(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not (3 <= len(code) <= 5 and code.isascii() and code.isalnum() and code[:2].isalpha()):
        raise ValueError(f"{value!r} is not a NUTS code (2-letter country code and 1-3 more)")
    return code


class ServiceOfferCreate(Strict):
    """A service the organisation offers; admins may publish for another organisation."""

    assistance_type: AssistanceType
    languages: list[str] = Field(default_factory=list, max_length=50)
    eligibility: list[str] = Field(min_length=1, max_length=4)
    description: str = Field(default="", max_length=4000)
    nuts_region: str | None = None
    active: bool = True
    organisation_id: int | None = None

    _l = field_validator("languages")(classmethod(lambda cls, v: _languages(v)))
    _e = field_validator("eligibility")(classmethod(lambda cls, v: _eligibility(v)))
    _n = field_validator("nuts_region")(classmethod(lambda cls, v: _nuts(v)))


class ServiceOfferUpdate(Strict):
    assistance_type: AssistanceType | None = None
    languages: list[str] | None = Field(default=None, max_length=50)
    eligibility: list[str] | None = Field(default=None, min_length=1, max_length=4)
    description: str | None = Field(default=None, max_length=4000)
    nuts_region: str | None = None
    active: bool | None = None

    _l = field_validator("languages")(classmethod(lambda cls, v: _languages(v)))
    _e = field_validator("eligibility")(classmethod(lambda cls, v: _eligibility(v)))
    _n = field_validator("nuts_region")(classmethod(lambda cls, v: _nuts(v)))


class ServiceOfferRead(BaseModel):
    id: int
    organisation_id: int
    organisation_name: str
    country: str
    assistance_type: str
    languages: list[str]
    eligibility: list[str]
    description: str
    nuts_region: str | None
    active: bool


class ShelterCreate(Strict):
    """A shelter of the organisation with its bed count."""

    name: str = Field(min_length=1, max_length=200)
    beds_total: int = Field(ge=0, le=10_000)
    eligibility: list[str] = Field(min_length=1, max_length=4)
    languages: list[str] = Field(default_factory=list, max_length=50)
    nuts_region: str | None = None
    active: bool = True
    organisation_id: int | None = None

    _l = field_validator("languages")(classmethod(lambda cls, v: _languages(v)))
    _e = field_validator("eligibility")(classmethod(lambda cls, v: _eligibility(v)))
    _n = field_validator("nuts_region")(classmethod(lambda cls, v: _nuts(v)))


class ShelterUpdate(Strict):
    """Capacity and description; the reserved count only moves with reservations."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    beds_total: int | None = Field(default=None, ge=0, le=10_000)
    eligibility: list[str] | None = Field(default=None, min_length=1, max_length=4)
    languages: list[str] | None = Field(default=None, max_length=50)
    nuts_region: str | None = None
    active: bool | None = None

    _l = field_validator("languages")(classmethod(lambda cls, v: _languages(v)))
    _e = field_validator("eligibility")(classmethod(lambda cls, v: _eligibility(v)))
    _n = field_validator("nuts_region")(classmethod(lambda cls, v: _nuts(v)))


class ShelterRead(BaseModel):
    id: int
    organisation_id: int
    organisation_name: str
    country: str
    name: str
    eligibility: list[str]
    languages: list[str]
    nuts_region: str | None
    active: bool
    beds_total: int
    beds_reserved: int
    free_beds: int
    occupancy: rules.Occupancy


class ReservationCreate(Strict):
    person_id: int
    referral_id: int | None = None


class ReservationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    shelter_id: int
    person_id: int
    referral_id: int | None
    reserved_at: datetime
    released_at: datetime | None
