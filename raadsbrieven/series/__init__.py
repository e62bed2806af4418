"""Time series: numeric facts that measure the same thing, linked across periods and letters."""

from raadsbrieven.series.build import (
    NUMERIC_KINDS,
    LinkReport,
    Point,
    Series,
    filter_series,
    format_value,
    link_store,
    load_series,
    period_key,
    relink_store,
)

__all__ = [
    "NUMERIC_KINDS",
    "LinkReport",
    "Point",
    "Series",
    "filter_series",
    "format_value",
    "link_store",
    "load_series",
    "period_key",
    "relink_store",
]
