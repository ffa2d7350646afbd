"""End-to-end check of the hidden population: estimate N from generate()'s capture histories.

Lists are the registering organisation kinds in each person's main reporting country (true
person keys, so no linkage error). Prints the true total and each method's estimate.
Run: .venv/bin/python benchmarks/synth_mse_check.py [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse

import pandas as pd

from thb.estimate.data import CaptureTable
from thb.estimate.service import estimate_population
from thb.synth import SyntheticRegistry, generate
from thb.synth.capture import LISTS


def capture_table(reg: SyntheticRegistry) -> CaptureTable:
    """One history per registered person over the lists of their first reporting country."""
    regs = reg.registrations.sort_values(["registration_date", "record_key"])
    kind = regs["org_key"].str.split("-").str[1].str.replace(r"\d+$", "", regex=True)
    home = regs.drop_duplicates("person_key").set_index("person_key")["reporting_country"]
    at_home = regs["reporting_country"].to_numpy() == home.loc[regs["person_key"]].to_numpy()
    hist = pd.crosstab(regs["person_key"][at_home], kind[at_home]).clip(upper=1)
    hist = hist.reindex(columns=list(LISTS), fill_value=0)
    cells = hist.value_counts().reset_index()
    return CaptureTable(LISTS, cells[list(LISTS)].to_numpy(), cells["count"].to_numpy())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--persons", type=int, default=14_145)
    args = parser.parse_args()
    for seed in args.seeds:
        reg = generate(args.persons, seed=seed)
        table = capture_table(reg)
        line = [f"seed={seed} registered={table.n_observed:,} true={reg.hidden_total:,}"]
        for method in ("main", "stepwise", "lcmcr"):
            est = estimate_population(table, method, seed=1).to_dict()["estimate"]
            line.append(f"{method}={est:,.0f} ({est / reg.hidden_total:.2f})")
        print("  ".join(line))


if __name__ == "__main__":
    main()
