"""What the generator invents beyond the published figures, stated in plain text."""

from __future__ import annotations

from thb.codes.countries import EU27
from thb.synth import calibration as cal
from thb.synth import capture
from thb.synth.documents import NUMBER_TYPO, RECORDED_P
from thb.synth.families import FAMILY_SHARE
from thb.synth.simulate import CROSS_BORDER_SHARE


def nat_split(countries: list[str]) -> tuple[float, float]:
    """Shares of all registered victims who are own nationals and other-EU citizens."""
    w = cal.country_weights(countries)
    w = w / w.sum()
    eu = cal.eu_share_by_country(countries)
    nat = sum(w[i] * eu[c] * cal.nat_share(c) for i, c in enumerate(countries))
    return float(nat), float(sum(w[i] * eu[c] for i, c in enumerate(countries)) - nat)


def assumptions_text(countries: list[str]) -> str:
    """The ASSUMPTIONS block printed by the CLI and stored on every SyntheticRegistry."""
    t = cal.TARGETS
    nat, other_eu = nat_split(countries)
    top = sorted(countries, key=lambda c: -cal.COUNTRY_PROFILE.get(c, (1.0, 0))[0])[:6]
    scope = "EU-27" if set(countries) == set(EU27) else ", ".join(countries)
    lines = [
        "ASSUMPTIONS (synthetic data; no real person)",
        f"Published (EU-27, 2017-2018, COM(2020) 661): {t.registered:,} registered victims, "
        f"{t.female:.0%} female, {t.child:.0%} children, {t.sexual:.0%} sexual and {t.labour:.0%} "
        f"labour exploitation, {t.eu_citizen:.0%} EU citizens, {t.identified:.1%} identified; "
        f"{t.female_among_sexual:.0%} of sexual-exploitation victims female; of child victims "
        f"{t.girls_among_children:.0%} girls, {t.sexual_among_children:.0%} sexually exploited, "
        f"{t.eu_among_children:.0%} EU citizens; {t.prosecutions:,} prosecutions and "
        f"{t.convictions:,} convictions (scaled by persons / {t.registered:,}).",
        f"Reporting countries: {scope}. Invented per-country volumes (largest: {', '.join(top)}) "
        "and per-country EU-citizen shares, shifted to give 49% over EU-27; "
        "not the published per-country figures. Invented per-country labour-exploitation "
        "weights (x2 in BE, PT, CY, FI; x0.6 in FR, BG), applied over EU-27 only.",
        f"Invented split of EU citizens: own nationals {nat:.1%} vs other-EU {other_eu:.1%} of "
        f"all victims (own-national share {cal.NAT_SHARE_ORIGIN:.0%} of EU victims in origin "
        "countries, "
        f"{cal.NAT_SHARE_DESTINATION:.0%} elsewhere, NL {cal.NAT_SHARE_OVERRIDE['NL']:.0%}).",
        f"Invented: other forms {cal.OTHER_SHARE:.0%}, unknown form "
        f"{1 - t.sexual - t.labour - cal.OTHER_SHARE:.0%}; labour victims "
        f"{cal.FEMALE_AMONG_LABOUR:.0%} female; {cal.LABOUR_AMONG_CHILDREN:.0%} of children in "
        "labour exploitation; identified status independent of the other attributes; "
        "citizenship mixes of foreign victims; ages.",
        f"Invented: suspects = {cal.SUSPECTS_PER_PROSECUTION} x prosecutions; every convicted "
        "person was prosecuted in the period; trafficker sex, citizenship and form mixes.",
        f"Hidden population: lists {', '.join(capture.LISTS)}; two latent classes "
        f"(weights {capture.CLASS_WEIGHT.tolist()}, catchability "
        f"x{capture.CLASS_SCALE.tolist()}) and "
        "referrals between lists (positive dependence); hidden_total = registered + "
        "negative-binomial draw of the uncaught per capture cell.",
        f"Records: one per list that caught the person, plus {CROSS_BORDER_SHARE:.0%} of persons "
        "registered again in a second country; names, dates, sex and citizenship carry invented "
        "rates of script/transliteration variants, typos, initials, swaps, estimates and gaps.",
        "Names: per origin the listed common first and family names head a heavy-tailed "
        "(Zipf-Mandelbrot, 1/(rank+10) for family and 1/(rank+3) for given names) pool; "
        "the tail is composed from their parts (Pop+escu, Ив+анов, Thị+Lan, 秀+英) to some "
        "hundreds of given and up to 4,000 family names per origin (father's name as family "
        "name for MA, SY, AF, ER). Invented noise per registration: typos 5-6%, initials 3%, "
        "given/family swapped 3% (15% where family comes first), other romanisations 30% "
        "of names in another script (10% for Chinese: passports print pinyin), missing "
        "given 2% and "
        "family 1.5%, birth date missing 5%; estimated ages share the person's own error "
        "(60% exact, 30% one year and 10% two years off) plus one more year on 15% of "
        "registrations.",
        "Invented identity documents: persons with a documented birth date hold one (two "
        "with two citizenships); a registration records its number with a chance by list "
        f"({', '.join(f'{k} {v:.0%}' for k, v in RECORDED_P.items())}), one character "
        f"copied wrong in {NUMBER_TYPO:.0%}.",
        f"Invented families: about {FAMILY_SHARE:.0%} of persons are drawn into groups of two "
        "or three relatives of one citizenship, country and age group, first registered the "
        "same day, with one family name (in each one's form for their sex), no two given "
        "names alike and, without documents, only estimated birth dates; their capture "
        "histories stay independent.",
    ]
    return "\n".join(lines)
