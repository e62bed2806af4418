"""Series as chart data: periods placed on a time axis, ranges kept as ranges, every point with its quote.

A period covers a span of time (`2019`, `2020-Q4`, `2021-H1`, `2024-12`, `2023-03-05`, `2016-2018`);
its point on the x axis is the middle of that span, so a yearly figure sits mid-year between the
quarters around it. A point without a period falls back to its letter's date.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from raadsbrieven.nl.format import UNIT_LABELS, date_text, period_text, value_text
from raadsbrieven.nl.periods import period_date
from raadsbrieven.series import NUMERIC_KINDS


def shape_of(low: float | None, high: float | None) -> str:
    """How a point is drawn: a range (bar from low to high), a value, or an open bound."""
    if low is not None and high is not None:
        return "bereik" if low != high else "waarde"
    return "hoogstens" if low is None else "minstens"


def series_rows(series: list[Any]) -> list[dict[str, Any]]:
    """One row per point of each series, with what the chart, its tooltip and the CSV need."""
    rows = []
    for s in series:
        name = series_name(s)
        for p in s.points:
            x = period_date(p.period, p.doc_date)
            rows.append(
                {
                    "reeks": name,
                    "reeks_id": s.id,
                    "soort": s.kind,
                    "eenheid": s.unit,
                    "organisatie": s.org,
                    "plaats": s.place,
                    "periode": p.period,
                    "datum_as": x.isoformat() if x else None,
                    "laag": p.low,
                    "hoog": p.high,
                    "waarde": value_text(p.low, p.high, s.unit, p.bound, p.approx),
                    "vorm": shape_of(p.low, p.high),
                    "ongeveer": p.approx,
                    "grens": p.bound,
                    "tekst": p.text,
                    "zin": p.sentence,
                    "brief": p.doc,
                    "briefdatum": p.doc_date,
                    "pagina": p.page,
                    "feit_id": p.fact_id,
                    # For people (tooltip, sources): Dutch dates, 'geen paginanummer'.
                    "periode_tekst": period_text(p.period),
                    "briefdatum_tekst": date_text(p.doc_date),
                    "pagina_tekst": f"pagina {p.page}" if p.page else "geen paginanummer",
                    "let_op": "",
                }
            )
    return rows


CSV_COLUMNS = [
    "reeks",
    "reeks_id",
    "soort",
    "eenheid",
    "organisatie",
    "plaats",
    "periode",
    "datum_as",
    "laag",
    "hoog",
    "waarde",
    "ongeveer",
    "grens",
    "tekst",
    "zin",
    "brief",
    "briefdatum",
    "pagina",
    "feit_id",
]


def series_name(s: Any) -> str:
    """A readable, unique-enough name: label, then organisation/place."""
    where = ", ".join(dict.fromkeys(x for x in (s.org, s.place) if x))
    return f"{s.label} ({where})" if where else s.label


def default_series(series: list[Any]) -> Any:
    """The series to show first: the one followed over the most distinct periods (then most points)."""
    return max(series, key=lambda s: (len({p.period for p in s.points}), len(s.points)))


def unit_title(unit: str | None) -> str:
    return {"percent": "Percentage", "EUR": "Euro"}.get(
        unit or "", (UNIT_LABELS.get(unit or "") or "Waarde").capitalize()
    )


PALETTE = ["#1f77b4", "#e45756", "#54a24b", "#f58518", "#9467bd", "#8c564b"]


def chart(rows: list[dict[str, Any]], unit: str | None, names: list[str] | None = None) -> alt.LayerChart:
    """Ranges as bars from low to high, values as dots, open bounds as triangles; a colour per series.

    Nothing is drawn between points: the letters give values, not what happened in between.
    """
    frame = pd.DataFrame(rows)
    frame["datum_as"] = pd.to_datetime(frame["datum_as"])
    frame["y"] = frame["hoog"].where(frame["laag"].isna(), frame["laag"])
    frame["citaat"] = frame["zin"].map(lambda s: s if len(s) <= 220 else s[:219] + "…")
    tooltip = [
        alt.Tooltip("reeks:N", title="Reeks"),
        alt.Tooltip("periode_tekst:N", title="Periode"),
        alt.Tooltip("waarde:N", title="Waarde"),
        alt.Tooltip("citaat:N", title="Citaat"),
        alt.Tooltip("brief:N", title="Brief"),
        alt.Tooltip("briefdatum_tekst:N", title="Datum brief"),
        alt.Tooltip("pagina_tekst:N", title="Pagina"),
    ]
    if frame["let_op"].astype(bool).any():  # a point read from a scanned page says so
        tooltip.append(alt.Tooltip("let_op:N", title="Let op"))
    # Whole years on the axis: a tick opens each year, so a yearly value sits inside its own year.
    first, last = frame["datum_as"].min().year, frame["datum_as"].max().year
    x = alt.X(
        "datum_as:T",
        title="Periode (een punt staat midden in zijn periode)",
        axis=alt.Axis(format="%Y", labelAngle=0, tickCount={"interval": "year", "step": 1}),
        scale=alt.Scale(domain=[f"{first}-01-01", f"{last + 1}-01-01"]),
    )
    here = list(dict.fromkeys(r["reeks"] for r in rows))
    names = names or here  # a series keeps its colour (its place in `names`) in every chart
    colour = alt.Color(
        "reeks:N",
        title="Reeks",
        scale=alt.Scale(domain=here, range=[PALETTE[names.index(n) % len(PALETTE)] for n in here]),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=800),
    )
    y_title = unit_title(unit)
    base = alt.Chart(frame)
    ranges = (
        base.transform_filter(alt.datum.vorm == "bereik")
        .mark_bar(width=8, opacity=0.75, cornerRadius=3)
        .encode(x=x, y=alt.Y("laag:Q", title=y_title), y2="hoog:Q", color=colour, tooltip=tooltip)
    )
    points = (
        base.mark_point(filled=True, opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("y:Q", title=y_title),
            color=colour,
            size=alt.Size(
                "vorm:N",
                title="Vorm",
                scale=alt.Scale(domain=["waarde", "hoogstens", "minstens"], range=[80, 170, 170]),
            ),
            shape=alt.Shape(
                "vorm:N",
                title="Vorm",
                scale=alt.Scale(
                    domain=["waarde", "hoogstens", "minstens"],
                    range=["circle", "triangle-down", "triangle-up"],
                ),
                legend=alt.Legend(orient="right"),
            ),
            tooltip=tooltip,
        )
        .transform_filter(alt.datum.vorm != "bereik")
    )
    return (ranges + points).properties(height=380)


def unlinked_count(store: Any) -> int:
    """Numeric facts (not chart residue) that belong to no series yet."""
    return store.unlinked_fact_count(NUMERIC_KINDS)
