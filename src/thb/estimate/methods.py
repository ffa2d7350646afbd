"""One picklable description of a method, so bootstrap workers can re-run the selection."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from thb.estimate.selection import PTHRESH, Selection, select_fixed, select_main, select_stepwise

LOGLINEAR_METHODS = ("stepwise", "bic", "fixed", "main")
NTOP_BOOT = {2: None, 3: None, 4: 20, 5: 100, 6: 100}


@dataclass(frozen=True)
class MethodSpec:
    """Method and its settings; calling it on cell counts returns the population estimate."""

    method: str = "stepwise"
    terms: tuple[int, ...] = ()
    pthresh: float = PTHRESH
    maxorder: int = 2
    models: tuple[tuple[int, ...], ...] | None = None

    def select(self, y: np.ndarray, m: int) -> Selection:
        """Run the model selection on cell counts `y` over `m` lists."""
        if self.method == "stepwise":
            return select_stepwise(y, m, self.pthresh)
        if self.method == "main":
            return select_main(y, m)
        if self.method == "fixed":
            return select_fixed(y, m, self.terms)
        if self.method == "bic":
            from thb.estimate.bic import select_bic

            return select_bic(y, m, self.maxorder, self.models)[0]
        raise ValueError(f"unknown method {self.method!r}")

    def __call__(self, y: np.ndarray, m: int) -> float:
        return self.select(y, m).fit.estimate
