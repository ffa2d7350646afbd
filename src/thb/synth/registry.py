"""`generate`: a whole synthetic registry (organisations to proceedings) for one seed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from thb.synth import cases, criminal, episodes
from thb.synth.assumptions import assumptions_text
from thb.synth.simulate import simulate


@dataclass(frozen=True)
class SyntheticRegistry:
    """Every frame the registry needs, the true population size and what was invented."""

    organisations: pd.DataFrame
    persons: pd.DataFrame
    registrations: pd.DataFrame
    decisions: pd.DataFrame
    exploitation: pd.DataFrame
    trafficking_events: pd.DataFrame
    perpetrators: pd.DataFrame
    proceedings: pd.DataFrame
    hidden_total: int
    assumptions: str
    hidden_by_country: dict[str, int] = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The DataFrames by name (for loading and comparing)."""
        return {name: getattr(self, name) for name in FRAME_NAMES}


FRAME_NAMES = (
    "organisations", "persons", "registrations", "decisions", "exploitation",
    "trafficking_events", "perpetrators", "proceedings",
)  # fmt: skip


def generate(
    persons: int,
    seed: int,
    years: tuple[int, int] = (2017, 2018),
    countries: list[str] | None = None,
) -> SyntheticRegistry:
    """A registry of `persons` registered victims calibrated to the EU-27 2017–2018 figures."""
    sim = simulate(persons, seed, countries, years)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence([seed, 1]).spawn(5)]
    exploitation = episodes.exploitation_frame(sim, rngs[0])
    perpetrators, proceedings = criminal.perpetrators_and_proceedings(
        persons, list(sim.persons.countries), years, rngs[1]
    )
    return SyntheticRegistry(
        organisations=cases.organisations(sim.persons.countries),
        persons=cases.persons_frame(sim),
        registrations=cases.registrations_frame(sim, rngs[2]),
        decisions=cases.decisions_frame(sim, years, rngs[3]),
        exploitation=exploitation,
        trafficking_events=episodes.trafficking_events_frame(sim, exploitation, rngs[4]),
        perpetrators=perpetrators,
        proceedings=proceedings,
        hidden_total=sim.hidden_total,
        assumptions=assumptions_text(list(sim.persons.countries)),
        hidden_by_country=dict(
            zip(sim.persons.countries, map(int, sim.hidden_by_country), strict=True)
        ),
    )
