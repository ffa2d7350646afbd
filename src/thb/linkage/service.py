"""Linkage over the registry: deduplicate a country's persons, review pairs, capture histories.

Services flush, never commit; every run, identifying read and decision is audited (no names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from thb.db import utcnow
from thb.errors import Conflict, Forbidden, InvalidInput, NotFound
from thb.linkage.evidence import FieldReading, readings
from thb.linkage.models import LinkagePair, LinkageRun, PersonIdentity, ReviewDecision
from thb.linkage.permissions import can_link, can_review, sees_names_for_review
from thb.registry import models as rm
from thb.security import audit
from thb.security.models import Organisation
from thb.security.roles import Actor

ENGINES = ("duckdb", "spark")
DECISIONS = ("match", "not_a_match", "unsure")
REVIEW_PURPOSE = "deduplication review"
LINKAGE_FIELDS = ("first_name", "second_name", "birth_date", "identity_number")


# -- policy (pure) -----------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Forbidden(message)


# -- linkage run -------------------------------------------------------------------------------


def _country_persons(session: Session, country: str) -> list[tuple[rm.Person, Organisation, date]]:
    """Each person registered in the country, with its organisation and first registration date."""
    first = (
        select(rm.Registration.person_id, func.min(rm.Registration.registration_date).label("d"))
        .where(rm.Registration.reporting_country == country)
        .group_by(rm.Registration.person_id)
        .subquery()
    )
    rows = session.execute(
        select(rm.Person, Organisation, first.c.d)
        .join(first, first.c.person_id == rm.Person.id)
        .join(Organisation, Organisation.id == rm.Person.organisation_id)
        .order_by(rm.Person.id)
    )
    return [(p, o, d) for p, o, d in rows]


def _birth(person: rm.Person) -> str:
    """ISO birth date, or only the year when it is an estimate."""
    if person.birth_date is not None and not person.birth_date_estimated:
        return person.birth_date.isoformat()
    year = person.birth_year or (person.birth_date.year if person.birth_date else None)
    return str(year) if year else ""


def input_frame(rows: Sequence[tuple[rm.Person, Organisation, date]], country: str) -> pd.DataFrame:
    """The dedupe input: one row per person; source is the registering organisation."""
    return pd.DataFrame(
        {
            "record_id": [str(p.id) for p, _, _ in rows],
            "source": [o.org_name for _, o, _ in rows],
            "given_name": [p.first_name or "" for p, _, _ in rows],
            "family_name": [p.second_name or "" for p, _, _ in rows],
            "birth_date": [_birth(p) for p, _, _ in rows],
            "sex": [p.sex_stat if p.sex_stat in ("F", "M") else "" for p, _, _ in rows],
            "citizenship": [(p.citizenships or [""])[0] for p, _, _ in rows],
            "reporting_country": [country] * len(rows),
            "registration_date": [d.isoformat() for _, _, d in rows],
            "identity_number": [p.identity_number or "" for p, _, _ in rows],
        },
        columns=["record_id", "source", "given_name", "family_name", "birth_date", "sex",
                 "citizenship", "reporting_country", "registration_date", "identity_number"],
    )  # fmt: skip


def decisions_for(session: Session, country: str) -> pd.DataFrame:
    """Recorded review decisions of a country as (record_id_l, record_id_r, decision)."""
    rows = session.execute(
        select(ReviewDecision.person_id_a, ReviewDecision.person_id_b, ReviewDecision.decision)
        .where(ReviewDecision.country == country)
        .order_by(ReviewDecision.decided_at, ReviewDecision.id)
    ).all()
    return pd.DataFrame(
        [(str(a), str(b), d) for a, b, d in rows],
        columns=["record_id_l", "record_id_r", "decision"],
        dtype=object,
    )


def _fit(
    frame: pd.DataFrame, engine: str, threshold: float | None, decided: pd.DataFrame
) -> tuple[Any, pd.DataFrame, int]:
    """Fit the deduplicator; cluster with the reviewers' decisions in force over the model."""
    from thb.linkage.dedupe import DecisionConflictError, DedupeInputError
    from thb.linkage.dedupe.estimator import Deduplicator

    ids = set(frame["record_id"])
    known = decided[decided["record_id_l"].isin(ids) & decided["record_id_r"].isin(ids)]
    try:
        model = Deduplicator(threshold, engine=engine, keep_levels=True).fit(frame)
        clusters = model.cluster(known if len(known) else None)
    except DecisionConflictError as exc:
        raise Conflict(str(exc)) from exc
    except DedupeInputError as exc:
        raise InvalidInput(str(exc), errors=[{"field": "input", "message": str(exc)}]) from exc
    except ValueError as exc:  # Splink cannot train on too few or too uniform records
        message = f"the linkage model could not be trained on these records: {exc}"
        raise InvalidInput(message, errors=[{"field": "country", "message": message}]) from exc
    return model, clusters, len(known)


def _check_settings(engine: str, threshold: float | None) -> float | None:
    """None lets the model choose the threshold from its own expected precision."""
    if engine not in ENGINES:
        raise InvalidInput(f"unknown engine {engine!r}; use duckdb or spark",
                           errors=[{"field": "engine", "message": "use duckdb or spark"}])  # fmt: skip
    if threshold is None:
        return None
    value = float(threshold)
    if not 0.0 < value < 1.0:
        raise InvalidInput(f"threshold must lie between 0 and 1, got {value}",
                           errors=[{"field": "threshold", "message": "must lie between 0 and 1"}])  # fmt: skip
    return value


def link_registry(
    *,
    session: Session,
    actor: Actor,
    country: str,
    engine: str = "duckdb",
    threshold: float | None = None,
    now: datetime | None = None,
) -> LinkageRun:
    """Deduplicate the country's persons; store identities and the uncertain pairs for review."""
    country = country.strip().upper()
    _require(can_link(actor, country), "only the country's statisticians and coordinators link")
    value = _check_settings(engine, threshold)
    rows = _country_persons(session, country)
    if len(rows) < 2:
        raise InvalidInput(f"country {country} has fewer than two registered persons to link",
                           errors=[{"field": "country", "message": "too few persons"}])  # fmt: skip
    frame = input_frame(rows, country)
    decided = decisions_for(session, country)
    model, clusters, applied = _fit(frame, engine, value, decided)
    value = float(model.threshold_)
    dates = [d for _, _, d in rows]
    run = LinkageRun(
        country=country, period=f"{min(dates).isoformat()}/{max(dates).isoformat()}",
        engine=engine, threshold=value, created_by=actor.user_id, created_at=now or utcnow(),
        records=len(frame), identities=int(clusters["cluster_id"].nunique()),
        pairs_scored=int(model.n_comparisons_), decisions_applied=int(applied),
    )  # fmt: skip
    session.add(run)
    session.flush()
    _store_identities(session, run, clusters)
    run.pairs_uncertain = _store_pairs(session, run, model, clusters, decided)
    session.flush()
    audit.record(session, actor, "link", "linkage_run", run.id, fields=LINKAGE_FIELDS,
                 purpose=f"deduplication of {country} ({len(frame)} records)", now=now)  # fmt: skip
    return run


def _store_identities(session: Session, run: LinkageRun, clusters: pd.DataFrame) -> None:
    session.execute(
        insert(PersonIdentity),
        [
            {
                "run_id": run.id,
                "person_id": int(r),
                "identity_id": int(c),
                "match_probability": float(p),
            }  # fmt: skip
            for r, c, p in clusters[
                ["record_id", "cluster_id", "match_probability_to_cluster"]
            ].itertuples(index=False)
        ],
    )


def _store_pairs(
    session: Session, run: LinkageRun, model: Any, clusters: pd.DataFrame, decided: pd.DataFrame
) -> int:
    """The pairs to review and the quality check's sample (``run.quality_strata``), each
    with what every comparison found (the reviewer's why); returns the pairs to review."""
    from thb.linkage.dedupe.quality_check import RESERVE_PAIRS, draw_sample
    from thb.linkage.dedupe.review import pair_evidence, review_band, uncertain_pairs

    scored = model.predict_pairs_
    queue = uncertain_pairs(scored, *review_band(model.threshold_), decided=decided)
    # One seed for every run: the next run's sample holds mostly the same pairs, answered.
    sample, run.quality_strata = draw_sample(scored, clusters, reserve=RESERVE_PAIRS)
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    for pairs, queued in ((queue, True), (sample, False)):
        for pair in pairs.to_dict("records"):
            a, b = sorted((int(pair["record_id_l"]), int(pair["record_id_r"])))
            if (a, b) not in rows:  # a queued pair drawn for the sample is stored once
                rows[a, b] = {
                    "run_id": run.id, "person_id_a": a, "person_id_b": b,
                    "match_probability": float(pair["match_probability"]),
                    "evidence": pair_evidence(pair, model.level_labels_),
                    "queued": queued, "stratum": None, "sample_rank": None,
                }  # fmt: skip
            if "stratum" in pair:
                rows[a, b].update(stratum=int(pair["stratum"]), sample_rank=int(pair["rank"]))
    if rows:
        session.execute(insert(LinkagePair), list(rows.values()))
    return len(queue)


def latest_run(*, session: Session, actor: Actor, country: str) -> LinkageRun:
    """The country's most recent run; NotFound before the first."""
    country = country.strip().upper()
    _require(can_link(actor, country), "only the country's statisticians and coordinators link")
    run = session.scalar(
        select(LinkageRun)
        .where(LinkageRun.country == country)
        .order_by(LinkageRun.created_at.desc(), LinkageRun.id.desc())
        .limit(1)
    )
    if run is None:
        raise NotFound(f"no linkage run for {country} yet: run `thb link registry` first")
    return run


def identities(session: Session, run: LinkageRun) -> dict[int, int]:
    """person_id -> identity_id for one run."""
    rows = session.execute(
        select(PersonIdentity.person_id, PersonIdentity.identity_id).where(
            PersonIdentity.run_id == run.id
        )
    )
    return {int(p): int(i) for p, i in rows}


# -- review ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairSide:
    """One record of a pair: pseudonymous facts, and names only for an audited review view."""

    person_id: int
    case_ref: str
    organisation: str
    org_type: str
    registration_date: str
    sex: str
    birth_year: int | None
    age_group: str
    citizenships: str
    given_name: str | None = None
    family_name: str | None = None
    birth_date: str | None = None
    identity_number: str | None = None


@dataclass(frozen=True)
class ReviewPair:
    """An uncertain pair of the latest run, ready to show side by side."""

    person_id_a: int
    person_id_b: int
    match_probability: float
    identifying: bool
    left: PairSide
    right: PairSide
    differs: dict[str, bool] = field(default_factory=dict)
    # The model's reading per comparison (evidence.COMPARISON_OF_ROW maps the page's rows).
    readings: dict[str, FieldReading] = field(default_factory=dict)
    # Whether the run put both records in one person, and how many records a decision moves:
    # "match" joins the two persons, "not a match" may split the one.
    linked: bool = False
    records_affected: int = 2


# The fields of a side only those who may see names are shown (audited as LINKAGE_FIELDS).
IDENTIFYING_SIDE_FIELDS = ("given_name", "family_name", "birth_date", "identity_number")
COMPARED = ("given_name", "family_name", "birth_date", "birth_year", "sex", "citizenships",
            "age_group", "organisation", "registration_date", "identity_number")  # fmt: skip


def _side(person: rm.Person, org: Organisation, identifying: bool) -> PairSide:
    reg = person.registrations[0]
    extra: dict[str, Any] = {}
    if identifying:
        values = (person.first_name, person.second_name, _birth(person), person.identity_number)
        extra = {
            name: value or "" for name, value in zip(IDENTIFYING_SIDE_FIELDS, values, strict=True)
        }
    return PairSide(
        person_id=person.id, case_ref=person.case_ref, organisation=org.org_name,
        org_type=org.org_type, registration_date=reg.registration_date.isoformat(),
        sex=person.sex_stat, birth_year=person.birth_year, age_group=reg.age_group,
        citizenships=", ".join(person.citizenships or []) or "—", **extra,
    )  # fmt: skip


def _differs(left: PairSide, right: PairSide) -> dict[str, bool]:
    return {name: getattr(left, name) != getattr(right, name) for name in COMPARED}


def review_queue(
    *, session: Session, actor: Actor, country: str, limit: int = 20, now: datetime | None = None
) -> list[ReviewPair]:
    """Undecided uncertain pairs of the latest run, those whose decision matters most first
    (``dedupe.review.by_impact``); names are audited."""
    from thb.linkage.dedupe.review import by_impact

    country = country.strip().upper()
    run = latest_run(session=session, actor=actor, country=country)
    stored = session.scalars(
        select(LinkagePair)
        .where(LinkagePair.run_id == run.id, LinkagePair.queued.is_(True), _undecided())
        .order_by(LinkagePair.id)
    ).all()
    if not stored:
        return []
    ranked = by_impact(*_pairs_and_identities(session, run, stored))
    return _shown(session, actor, country, stored, ranked.head(max(1, min(limit, 200))), now)


def _pairs_and_identities(
    session: Session, run: LinkageRun, stored: Sequence[LinkagePair]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stored pairs as a frame (``row`` their index) and the identities they touch."""
    pairs = pd.DataFrame(
        [(p.person_id_a, p.person_id_b, p.match_probability) for p in stored],
        columns=["record_id_l", "record_id_r", "match_probability"],
    ).assign(row=range(len(stored)))
    return pairs, _identities_of(session, run, stored)


def _shown(
    session: Session,
    actor: Actor,
    country: str,
    stored: Sequence[LinkagePair],
    effects: pd.DataFrame,
    now: datetime | None,
) -> list[ReviewPair]:
    """The pairs of ``effects`` (row, linked, records_affected; ``by_impact``) side by side."""
    return [
        replace(_review_pair(session, actor, country, stored[row], now), linked=bool(linked),
                records_affected=int(n))
        for row, linked, n in effects[["row", "linked", "records_affected"]].itertuples(index=False)
    ]  # fmt: skip


def _identities_of(session: Session, run: LinkageRun, pairs: Sequence[LinkagePair]) -> pd.DataFrame:
    """record_id, cluster_id of every record in the identities the pairs touch (a page view
    reads these, not the whole registry)."""
    persons = {p.person_id_a for p in pairs} | {p.person_id_b for p in pairs}
    touched = select(PersonIdentity.identity_id).where(
        PersonIdentity.run_id == run.id, PersonIdentity.person_id.in_(persons)
    )
    rows = session.execute(
        select(PersonIdentity.person_id, PersonIdentity.identity_id).where(
            PersonIdentity.run_id == run.id, PersonIdentity.identity_id.in_(touched)
        )
    ).all()
    return pd.DataFrame(rows, columns=["record_id", "cluster_id"])


def pairs_waiting(session: Session, run: LinkageRun) -> int:
    """The run's uncertain pairs that nobody has decided yet (decided since the run, too)."""
    waiting = (LinkagePair.run_id == run.id, LinkagePair.queued.is_(True), _undecided())
    return session.scalar(select(func.count()).where(*waiting)) or 0


def _undecided() -> Any:
    decided = select(ReviewDecision.id).where(
        ReviewDecision.person_id_a == LinkagePair.person_id_a,
        ReviewDecision.person_id_b == LinkagePair.person_id_b,
    )
    return ~decided.exists()


def _review_pair(
    session: Session, actor: Actor, country: str, pair: LinkagePair, now: datetime | None
) -> ReviewPair:
    a, b = session.get(rm.Person, pair.person_id_a), session.get(rm.Person, pair.person_id_b)
    if a is None or b is None:
        raise NotFound("a person of this pair no longer exists; run the linkage again")
    org_a, org_b = (
        session.get(Organisation, a.organisation_id),
        session.get(Organisation, b.organisation_id),
    )
    assert org_a is not None and org_b is not None
    identifying = sees_names_for_review(actor, [a.organisation_id, b.organisation_id], country)
    if identifying:
        for person in (a, b):
            audit.record(session, actor, "read", "person", person.id, fields=LINKAGE_FIELDS,
                         purpose=REVIEW_PURPOSE, now=now)  # fmt: skip
    left, right = _side(a, org_a, identifying), _side(b, org_b, identifying)
    return ReviewPair(a.id, b.id, pair.match_probability, identifying, left, right,
                      _differs(left, right), readings(pair.evidence or []))  # fmt: skip


@dataclass(frozen=True)
class QualityCheck:
    """The latest run's quality check: the estimate so far and sampled pairs still to answer."""

    run: LinkageRun
    estimate: Any  # dedupe.quality_check.QualityEstimate; None for a run without a sample
    pairs: list[ReviewPair]
    in_reserve: int = 0  # drawn pairs the sample can still offer (widen_quality_sample)


def quality_check(
    *, session: Session, actor: Actor, country: str, limit: int = 10, now: datetime | None = None
) -> QualityCheck:
    """What the answered sample of the latest run says of its links, and the next sampled
    pairs to answer (for the coordinator; a statistician sees the estimate only)."""
    from thb.linkage.dedupe.quality_check import answer_order, pairs_in_reserve
    from thb.linkage.dedupe.review import by_impact

    country = country.strip().upper()
    run = latest_run(session=session, actor=actor, country=country)
    sampled = _sampled(session, run)
    result = _estimate(run, sampled)
    in_reserve = pairs_in_reserve(run.quality_strata or [])
    if result is None or not can_review(actor, country):
        return QualityCheck(run, result, [], in_reserve)
    # "unsure" leaves a pair unanswered, but it is not asked again.
    waiting = [pair for pair, decision in sampled if decision is None]
    order = answer_order([pair.stratum or 0 for pair in waiting])
    todo = [waiting[i] for i in order[: max(1, min(limit, 200))]]
    if not todo:
        return QualityCheck(run, result, [], in_reserve)
    effects = by_impact(*_pairs_and_identities(session, run, todo)).sort_values("row")
    shown = _shown(session, actor, country, todo, effects, now)
    return QualityCheck(run, result, shown, in_reserve)


def widen_quality_sample(
    *, session: Session, actor: Actor, country: str, now: datetime | None = None
) -> LinkageRun:
    """Offer up to SAMPLE_PAIRS more of the latest run's drawn pairs to answer (for a
    narrower interval); refused when none is left in reserve."""
    from thb.linkage.dedupe.quality_check import pairs_in_reserve, widened

    country = country.strip().upper()
    _require(can_review(actor, country), "only the national coordinator answers the sample")
    run = latest_run(session=session, actor=actor, country=country)
    strata = run.quality_strata or []
    if not pairs_in_reserve(strata):
        raise Conflict("the quality check of this run has no more pairs to offer: "
                       "run the linkage again for a new sample")  # fmt: skip
    run.quality_strata = widened(strata)  # a new list, so the change is saved
    audit.record(session, actor, "widen", "linkage_run", run.id, fields=("quality_strata",),
                 purpose=f"quality check of {country}: {run.quality_sampled} pairs offered",
                 now=now)  # fmt: skip
    return run


def quality_estimate(*, session: Session, actor: Actor, country: str) -> QualityCheck:
    """The latest run's quality estimate, without pairs (no names read): for those who
    use its identities, such as the hidden-victims estimate."""
    run = latest_run(session=session, actor=actor, country=country.strip().upper())
    return QualityCheck(run, _estimate(run, _sampled(session, run)), [])


def _sampled(session: Session, run: LinkageRun) -> list[tuple[LinkagePair, str | None]]:
    """The pairs the run's sample offers (not those in reserve), each with its decision if
    there is one."""
    from thb.linkage.dedupe.quality_check import is_offered

    rows = session.execute(
        select(LinkagePair, ReviewDecision.decision)
        .outerjoin(ReviewDecision, (ReviewDecision.person_id_a == LinkagePair.person_id_a)
                   & (ReviewDecision.person_id_b == LinkagePair.person_id_b))
        .where(LinkagePair.run_id == run.id, LinkagePair.stratum.is_not(None))
        .order_by(LinkagePair.stratum, LinkagePair.sample_rank, LinkagePair.id)
    ).all()  # fmt: skip
    strata = run.quality_strata or []
    return [
        (pair, decision)
        for pair, decision in rows
        if is_offered(strata, pair.stratum or 0, pair.sample_rank)
    ]


def _estimate(run: LinkageRun, sampled: list[tuple[LinkagePair, str | None]]) -> Any:
    """What the answered sample says (``quality_check.estimate``); None without a sample."""
    from thb.linkage.dedupe.quality_check import estimate

    if run.quality_strata is None:
        return None
    answers = pd.DataFrame(
        [(p.stratum, d) for p, d in sampled], columns=["stratum", "decision"], dtype=object
    )
    return estimate(run.quality_strata, answers)


@dataclass(frozen=True)
class PersonRecords:
    """The records one identity of the latest run holds, and those a reviewer has already
    separated from all the others (the next run counts them apart)."""

    run_id: int
    records: list[PairSide]
    separated: set[int]


def person_records(
    *, session: Session, actor: Actor, person_id: int, now: datetime | None = None
) -> PersonRecords:
    """Every record the latest run counts as the same person as ``person_id``, in the order
    they were registered; names are audited as for a pair."""
    run_id, country, members = _members(session, actor, person_id)
    persons = [session.get(rm.Person, m) for m in members]
    orgs = {p.organisation_id: session.get(Organisation, p.organisation_id) for p in persons if p}
    identifying = sees_names_for_review(actor, list(orgs), country)
    sides = []
    for person in persons:
        assert person is not None
        if identifying:
            audit.record(session, actor, "read", "person", person.id, fields=LINKAGE_FIELDS,
                         purpose=REVIEW_PURPOSE, now=now)  # fmt: skip
        org = orgs[person.organisation_id]
        assert org is not None
        sides.append(_side(person, org, identifying))
    sides.sort(key=lambda side: (side.registration_date, side.person_id))
    return PersonRecords(run_id, sides, _separated(session, members))


def _separated(session: Session, members: list[int]) -> set[int]:
    """Members with a "not a match" decision against every other member."""
    rows = session.execute(
        select(ReviewDecision.person_id_a, ReviewDecision.person_id_b).where(
            ReviewDecision.person_id_a.in_(members),
            ReviewDecision.person_id_b.in_(members),
            ReviewDecision.decision == "not_a_match",
        )
    ).all()
    apart: dict[int, int] = {}
    for a, b in rows:
        apart[a], apart[b] = apart.get(a, 0) + 1, apart.get(b, 0) + 1
    return {m for m in members if len(members) > 1 and apart.get(m, 0) == len(members) - 1}


def separate_record(
    *, session: Session, actor: Actor, person_id: int, now: datetime | None = None
) -> int:
    """Record "not a match" between ``person_id`` and every other record the latest run put
    with it, so that the next run counts it as a person of its own; how many were recorded."""
    _, _, members = _members(session, actor, person_id)
    others = [m for m in members if m != person_id]
    for other in others:
        record_decision(session=session, actor=actor, person_id_a=person_id,
                        person_id_b=other, decision="not_a_match", now=now)  # fmt: skip
    return len(others)


def rejoin_record(
    *, session: Session, actor: Actor, person_id: int, now: datetime | None = None
) -> int:
    """Undo :func:`separate_record`: withdraw the record's "not a match" decisions against
    the other records of its person; how many were withdrawn."""
    _, _, members = _members(session, actor, person_id)
    withdrawn = 0
    for other in (m for m in members if m != person_id):
        row = _decision(session, *sorted((person_id, other)))
        if row is not None and row.decision == "not_a_match":
            withdraw_decision(session=session, actor=actor, person_id_a=person_id,
                              person_id_b=other, now=now)  # fmt: skip
            withdrawn += 1
    return withdrawn


def _members(session: Session, actor: Actor, person_id: int) -> tuple[int, str, list[int]]:
    """The latest run of a registered person's country, the country, and the records of the
    person's identity in that run."""
    country = _person_country(session, person_id)
    if country is None:
        raise NotFound(f"no registered person {person_id}")
    if not can_review(actor, country):
        raise Forbidden("only the country's national coordinator reviews deduplication")
    run = latest_run(session=session, actor=actor, country=country)
    identity = session.scalar(
        select(PersonIdentity.identity_id).where(
            PersonIdentity.run_id == run.id, PersonIdentity.person_id == person_id
        )
    )
    if identity is None:
        raise NotFound(f"person {person_id} was registered after the latest run; run it again")
    members = session.scalars(
        select(PersonIdentity.person_id)
        .where(PersonIdentity.run_id == run.id, PersonIdentity.identity_id == identity)
        .order_by(PersonIdentity.person_id)
    )
    return run.id, country, list(members)


def _person_country(session: Session, person_id: int) -> str | None:
    return session.scalar(
        select(rm.Registration.reporting_country)
        .where(rm.Registration.person_id == person_id)
        .order_by(rm.Registration.registration_date)
        .limit(1)
    )


def record_decision(
    *,
    session: Session,
    actor: Actor,
    person_id_a: int,
    person_id_b: int,
    decision: str,
    now: datetime | None = None,
) -> ReviewDecision:
    """Record (or change) a reviewer's decision on a pair; the next run honours it."""
    if decision not in DECISIONS:
        raise InvalidInput(f"unknown decision {decision!r}; use match, not_a_match or unsure",
                           errors=[{"field": "decision", "message": "unknown decision"}])  # fmt: skip
    a, b, country = _reviewable_pair(session, actor, person_id_a, person_id_b)
    row = _decision(session, a, b)
    if row is None:
        row = ReviewDecision(country=country, person_id_a=a, person_id_b=b)
        session.add(row)
    row.decision, row.decided_by, row.decided_at = decision, actor.user_id, now or utcnow()
    session.flush()
    audit.record(session, actor, "decide", "review_decision", row.id, fields=("decision",),
                 purpose=REVIEW_PURPOSE, now=now)  # fmt: skip
    return row


def withdraw_decision(
    *,
    session: Session,
    actor: Actor,
    person_id_a: int,
    person_id_b: int,
    now: datetime | None = None,
) -> None:
    """Take a reviewer's decision back (a slip at 2 a.m.): the pair returns to the queue and
    the next run leaves it to the model."""
    a, b, _ = _reviewable_pair(session, actor, person_id_a, person_id_b)
    row = _decision(session, a, b)
    if row is None:
        raise NotFound("this pair has no decision to withdraw")
    audit.record(session, actor, "withdraw", "review_decision", row.id, fields=("decision",),
                 purpose=REVIEW_PURPOSE, now=now)  # fmt: skip
    session.delete(row)
    session.flush()


def _reviewable_pair(
    session: Session, actor: Actor, person_id_a: int, person_id_b: int
) -> tuple[int, int, str]:
    """The pair in order and its country, when both exist there and the actor reviews it."""
    if person_id_a == person_id_b:
        raise InvalidInput("a pair needs two different persons",
                           errors=[{"field": "person_id_b", "message": "same person"}])  # fmt: skip
    a, b = sorted((int(person_id_a), int(person_id_b)))
    countries = {_person_country(session, a), _person_country(session, b)}
    country = countries.pop() if len(countries) == 1 else None
    if country is None:
        raise NotFound("both persons must exist and be registered in the same country")
    if not can_review(actor, country):
        raise Forbidden("only the country's national coordinator reviews pairs")
    return a, b, country


def _decision(session: Session, a: int, b: int) -> ReviewDecision | None:
    return session.scalar(
        select(ReviewDecision).where(
            ReviewDecision.person_id_a == a, ReviewDecision.person_id_b == b
        )
    )


# -- capture histories -------------------------------------------------------------------------


def capture_histories_for(
    *, session: Session, actor: Actor, country: str, year_from: int, year_to: int
) -> pd.DataFrame:
    """Capture histories (organisation types as lists) of the latest run's identities."""
    from thb.linkage.capture import CaptureHistoryError, capture_histories

    country = country.strip().upper()
    if year_to < year_from:
        raise InvalidInput(f"the period ends ({year_to}) before it starts ({year_from})",
                           errors=[{"field": "year_to", "message": "before the start year"}])  # fmt: skip
    run = latest_run(session=session, actor=actor, country=country)
    ids = identities(session, run)
    rows = session.execute(
        select(rm.Registration.id, rm.Registration.person_id, rm.Registration.registration_date,
               Organisation.org_type)
        .join(Organisation, Organisation.id == rm.Registration.organisation_id)
        .where(rm.Registration.reporting_country == country)
    ).all()  # fmt: skip
    records = pd.DataFrame(
        [(str(rid), t, f"I{ids.get(pid, pid)}", country, d.isoformat())
         for rid, pid, d, t in rows],
        columns=["record_id", "source", "cluster_id", "reporting_country", "registration_date"],
    )  # fmt: skip
    period = (date(year_from, 1, 1), date(year_to, 12, 31))
    inside = records["registration_date"].between(period[0].isoformat(), period[1].isoformat())
    lists = sorted(records.loc[inside, "source"].unique())
    try:
        table = capture_histories(records, country=country, period=period, lists=lists)
    except CaptureHistoryError as exc:
        raise InvalidInput(str(exc), errors=[{"field": "country", "message": str(exc)}]) from exc
    audit.record(session, actor, "export", "capture_histories", run.id,
                 purpose=f"hidden-victim estimate {country} {year_from}-{year_to}")  # fmt: skip
    return table
