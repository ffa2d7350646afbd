"""Indicator checklists as data, and a screening aid that suggests (never decides) grounds.

The labour checklist carries the ILO's eleven indicators of forced labour (ILO, "Indicators of
Forced Labour", 2012). Texts are plain English marked with `N_` for later translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from thb.codes.referral import ChecklistId, IndicatorStrength
from thb.i18n import N_
from thb.referral.errors import ReferralInputError, UnknownIndicator

S, M, W = IndicatorStrength.STRONG, IndicatorStrength.MEDIUM, IndicatorStrength.WEAK
STRENGTH_POINTS = {S: 3, M: 2, W: 1}


@dataclass(frozen=True)
class Indicator:
    """One observable sign, worded for the professional who ticks it."""

    id: str
    text: str
    strength: IndicatorStrength


@dataclass(frozen=True)
class Checklist:
    """An ordered set of indicator ids for one context or one screening actor."""

    id: ChecklistId
    title: str
    indicator_ids: tuple[str, ...]


def _i(id_: str, strength: IndicatorStrength, text: str) -> Indicator:
    return Indicator(id=id_, text=text, strength=strength)


ILO_FORCED_LABOUR = (
    _i("ilo_abuse_of_vulnerability", M, N_("The employer abuses the person's vulnerability.")),
    _i("ilo_deception", M, N_("The person was deceived about the work, pay or conditions.")),
    _i("ilo_restriction_of_movement", S, N_("The person is not free to leave the workplace.")),
    _i("ilo_isolation", M, N_("The person is isolated from family, community or help.")),
    _i("ilo_physical_sexual_violence", S, N_("The person suffers physical or sexual violence.")),
    _i(
        "ilo_intimidation_threats",
        S,
        N_("The person or their family is intimidated or threatened."),
    ),
    _i("ilo_retention_of_identity_documents", S, N_("Someone else holds the person's papers.")),
    _i("ilo_withholding_of_wages", M, N_("Wages are withheld, delayed or not paid.")),
    _i("ilo_debt_bondage", S, N_("The person must work off a debt they cannot pay back.")),
    _i(
        "ilo_abusive_working_living_conditions",
        M,
        N_("Working or living conditions are degrading, unsafe or unhealthy."),
    ),
    _i("ilo_excessive_overtime", W, N_("The person works excessive hours or days.")),
)

OTHER_INDICATORS = (
    # general
    _i("gen_controlled_by_others", S, N_("Someone else speaks for the person or controls them.")),
    _i("gen_says_not_free", S, N_("The person says they were forced or cannot leave.")),
    _i("gen_forced_to_commit_offences", S, N_("The person is made to commit offences.")),
    _i("gen_unknown_address", M, N_("The person does not know their home or work address.")),
    _i("gen_injuries", M, N_("The person has injuries that suggest assault or control.")),
    _i("gen_travel_arranged_by_others", W, N_("Others arranged and paid the travel.")),
    _i("gen_fear_of_authorities", W, N_("The person shows fear or distrust of the authorities.")),
    _i("gen_scripted_account", W, N_("The person's account seems rehearsed or scripted.")),
    # sexual exploitation
    _i("sex_cannot_refuse_clients", S, N_("The person cannot refuse clients or practices.")),
    _i("sex_earnings_taken", S, N_("Most or all earnings go to someone else.")),
    _i("sex_moved_between_places", M, N_("The person is moved often between places or cities.")),
    _i("sex_lives_at_workplace", M, N_("The person sleeps where they are exploited.")),
    _i("sex_advertised_by_others", M, N_("Someone else advertises the person online.")),
    _i("sex_ownership_marks", M, N_("Tattoos or marks suggest ownership by someone.")),
    _i("sex_limited_vocabulary", W, N_("The person knows only sex-work words of the language.")),
    # labour exploitation (beyond ILO)
    _i("lab_recruitment_fees", M, N_("The person paid high recruitment or placement fees.")),
    _i("lab_housing_from_employer", M, N_("The employer provides housing and deducts it.")),
    _i("lab_no_contract", W, N_("No written contract or pay slips.")),
    # child trafficking: for a child no "means" is needed, so child signs weigh strong
    _i("child_unaccompanied", S, N_("The child is without parents or a legal guardian.")),
    _i("child_working_or_begging", S, N_("The child works, begs or sells for others.")),
    _i("child_commercial_sex", S, N_("The child is involved in commercial sexual activity.")),
    _i("child_missing_from_care", S, N_("The child went missing from care or reception.")),
    _i("child_adult_relation_unclear", M, N_("The accompanying adult's relation is unclear.")),
    _i("child_false_documents", M, N_("The child carries false or another person's papers.")),
    _i("child_not_in_school", M, N_("The child does not attend school.")),
    _i("child_coached_account", W, N_("The child's account seems coached by an adult.")),
    # police
    _i("pol_locked_premises", S, N_("Premises are locked from outside or guarded.")),
    _i("pol_many_at_one_address", M, N_("Many people are found living at one address.")),
    # border guard
    _i("bg_ticket_paid_by_third_party", M, N_("A third party paid the ticket or visa.")),
    _i("bg_vague_job_offer", M, N_("The job or host abroad is vague or unknown.")),
    _i("bg_companion_answers", M, N_("A travel companion answers questions for the person.")),
    _i("bg_inconsistent_travel_story", W, N_("The travel story is inconsistent.")),
    # health and social worker
    _i("hs_untreated_injuries", M, N_("Injuries or illness were left untreated.")),
    _i("hs_repeated_sti_or_abortions", M, N_("Repeated sexual infections or abortions.")),
    _i("hs_exhaustion_malnutrition", M, N_("Signs of exhaustion or malnutrition.")),
    _i("hs_trauma_signs", W, N_("Signs of trauma: anxiety, dissociation, self-harm.")),
)

INDICATORS: dict[str, Indicator] = {i.id: i for i in ILO_FORCED_LABOUR + OTHER_INDICATORS}

_ILO = tuple(i.id for i in ILO_FORCED_LABOUR)


def _ck(id_: ChecklistId, title: str, ids: Iterable[str]) -> Checklist:
    return Checklist(id=id_, title=title, indicator_ids=tuple(ids))


C = ChecklistId
CHECKLISTS: dict[ChecklistId, Checklist] = {
    c.id: c
    for c in (
        _ck(
            C.GENERAL,
            N_("General indicators"),
            [i.id for i in OTHER_INDICATORS if i.id.startswith("gen_")]
            + [
                "ilo_deception",
                "ilo_restriction_of_movement",
                "ilo_physical_sexual_violence",
                "ilo_intimidation_threats",
                "ilo_retention_of_identity_documents",
                "ilo_debt_bondage",
            ],
        ),
        _ck(
            C.SEXUAL_EXPLOITATION,
            N_("Sexual exploitation"),
            [i.id for i in OTHER_INDICATORS if i.id.startswith("sex_")]
            + [
                "ilo_restriction_of_movement",
                "ilo_physical_sexual_violence",
                "ilo_intimidation_threats",
                "ilo_retention_of_identity_documents",
                "ilo_debt_bondage",
                "ilo_isolation",
            ],
        ),
        _ck(
            C.LABOUR_EXPLOITATION,
            N_("Labour exploitation (ILO forced-labour indicators)"),
            _ILO + tuple(i.id for i in OTHER_INDICATORS if i.id.startswith("lab_")),
        ),
        _ck(
            C.CHILD_TRAFFICKING,
            N_("Child trafficking"),
            [i.id for i in OTHER_INDICATORS if i.id.startswith("child_")]
            + ["ilo_physical_sexual_violence", "ilo_restriction_of_movement", "ilo_isolation"],
        ),
        _ck(
            C.POLICE,
            N_("Police"),
            [
                "pol_locked_premises",
                "pol_many_at_one_address",
                "gen_controlled_by_others",
                "gen_forced_to_commit_offences",
                "gen_says_not_free",
                "ilo_retention_of_identity_documents",
                "ilo_physical_sexual_violence",
                "ilo_intimidation_threats",
                "sex_advertised_by_others",
                "gen_fear_of_authorities",
            ],
        ),
        _ck(
            C.LABOUR_INSPECTOR,
            N_("Labour inspector"),
            _ILO + ("lab_recruitment_fees", "lab_housing_from_employer", "lab_no_contract"),
        ),
        _ck(
            C.BORDER_GUARD,
            N_("Border guard"),
            [i.id for i in OTHER_INDICATORS if i.id.startswith("bg_")]
            + [
                "ilo_retention_of_identity_documents",
                "ilo_deception",
                "gen_travel_arranged_by_others",
                "gen_scripted_account",
                "child_unaccompanied",
                "child_adult_relation_unclear",
                "child_false_documents",
            ],
        ),
        _ck(
            C.HEALTH_SOCIAL_WORKER,
            N_("Health or social worker"),
            [i.id for i in OTHER_INDICATORS if i.id.startswith("hs_")]
            + [
                "gen_controlled_by_others",
                "gen_injuries",
                "gen_unknown_address",
                "gen_says_not_free",
                "ilo_physical_sexual_violence",
                "ilo_abusive_working_living_conditions",
            ],
        ),
    )
}

ADVISORY_NOTE = N_(
    "This is a suggestion to support your judgement. The decision on reasonable grounds is "
    "yours and must be recorded as an identification decision."
)
SUGGEST_TEXT = N_("The observed indicators suggest reasonable grounds: consider referral now.")
NOT_YET_TEXT = N_("Not enough indicators yet for reasonable grounds: keep screening or refer.")


@dataclass(frozen=True)
class Suggestion:
    """The outcome of a screening: a suggestion, the reasons behind it, never a decision."""

    reasonable_grounds_suggested: bool
    reasons: tuple[Indicator, ...]
    score: int
    counts: dict[IndicatorStrength, int]
    checklist_ids: tuple[ChecklistId, ...]
    summary: str
    note: str = ADVISORY_NOTE
    is_decision: bool = False


def checklist_ids_of(ids: Iterable[str | ChecklistId]) -> tuple[ChecklistId, ...]:
    """Coerce checklist ids, naming any unknown one (deny unknown input early)."""
    out: list[ChecklistId] = []
    for raw in ids:
        try:
            cid = ChecklistId(raw)
        except ValueError:
            known = ", ".join(c.value for c in ChecklistId)
            raise UnknownIndicator(f"unknown checklist id {raw!r}; known: {known}") from None
        if cid not in out:
            out.append(cid)
    if not out:
        raise UnknownIndicator("no checklist selected: pass at least one checklist id")
    return tuple(out)


def indicators_for(checklist_ids: Iterable[str | ChecklistId]) -> tuple[Indicator, ...]:
    """The indicators the screener sees, in checklist order, each once."""
    seen: dict[str, Indicator] = {}
    for cid in checklist_ids_of(checklist_ids):
        for iid in CHECKLISTS[cid].indicator_ids:
            seen.setdefault(iid, INDICATORS[iid])
    return tuple(seen.values())


def assess(
    checklist_ids: Iterable[str | ChecklistId],
    observed_indicator_ids: Iterable[str],
    *,
    strong_needed: int = 1,
    score_needed: int = 4,
) -> Suggestion:
    """Suggest reasonable grounds from ticked indicators: one strong sign or a cluster of weaker."""
    if strong_needed < 1 or score_needed < 1:
        raise ReferralInputError("strong_needed and score_needed must be at least 1")
    cids = checklist_ids_of(checklist_ids)
    offered = {i.id: i for i in indicators_for(cids)}
    observed = list(dict.fromkeys(observed_indicator_ids))
    unknown = [o for o in observed if o not in INDICATORS]
    if unknown:
        raise UnknownIndicator(f"unknown indicator id(s): {', '.join(map(repr, unknown))}")
    off_list = [o for o in observed if o not in offered]
    if off_list:
        names = ", ".join(c.value for c in cids)
        raise UnknownIndicator(
            f"indicator id(s) {', '.join(map(repr, off_list))} are not on checklist(s) {names}"
        )
    reasons = tuple(
        sorted((offered[o] for o in observed), key=lambda i: -STRENGTH_POINTS[i.strength])
    )
    counts = {s: sum(1 for r in reasons if r.strength is s) for s in IndicatorStrength}
    score = sum(STRENGTH_POINTS[r.strength] for r in reasons)
    suggested = bool(reasons) and (counts[S] >= strong_needed or score >= score_needed)
    return Suggestion(
        reasonable_grounds_suggested=suggested,
        reasons=reasons,
        score=score,
        counts=counts,
        checklist_ids=cids,
        summary=SUGGEST_TEXT if suggested else NOT_YET_TEXT,
    )
