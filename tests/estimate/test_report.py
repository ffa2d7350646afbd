"""Sensitivity table and chart."""

from __future__ import annotations

from rich.console import Console

from thb.estimate.report import bootstrap_chart, result_table, sensitivity, sensitivity_table
from thb.estimate.service import estimate_population


def test_sensitivity_shows_each_method_and_failures(load) -> None:
    rows = sensitivity(load("Artificial_3.csv"))
    by_label = {r.label: r for r in rows}
    assert by_label["main effects"].result.estimate > 96
    assert "not identifiable" in by_label["fixed: all pairs"].error
    console = Console(record=True, width=160)
    console.print(sensitivity_table(rows))
    text = console.export_text()
    assert "stepwise" in text and "not identifiable" in text and "LCMCR" in text


def test_sensitivity_estimates_differ_between_methods(load) -> None:
    rows = sensitivity(load("UKdat_5.csv"))
    values = [r.result.estimate for r in rows if r.result]
    assert max(values) / min(values) > 2  # users must see this spread


def test_chart_is_a_png(load, tmp_path) -> None:
    res = estimate_population(load("Western.csv"), "stepwise", bootstrap=30, seed=2, workers=1)
    path = bootstrap_chart(res, tmp_path / "boot.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    console = Console(record=True, width=120)
    console.print(result_table(res))
    assert "BCa" in console.export_text()


def test_list_names_are_not_read_as_emoji_or_markup(load) -> None:
    res = estimate_population(load("UKdat_5.csv"), "bic", maxorder=4)
    console = Console(record=True, width=200)
    console.print(result_table(res))
    text = console.export_text()
    assert "LA:NG:PFNCA" in text and "[123,25,34]" in text
