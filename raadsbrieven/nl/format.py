"""Numbers and values as a Dutch reader writes them, for the CLI and the app alike."""

from __future__ import annotations

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
UNIT_LABELS = {
    "percent": "%",
    "minute": "minuten",
    "hour": "uur",
    "day": "dagen",
    "workday": "werkdagen",
    "week": "weken",
    "month": "maanden",
    "year": "jaar",
    "EUR": "euro",
}


def nl_number(x: float | None) -> str:
    """1234567.5 -> '1.234.567,5' (Dutch separators)."""
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    whole = f"{x:,.2f}".rstrip("0").rstrip(".")
    return whole.replace(",", "_").replace(".", ",").replace("_", ".")


def value_text(
    low: float | None,
    high: float | None,
    unit: str | None,
    bound: str | None = None,
    approx: bool = False,
    dash: bool = False,
) -> str:
    """'85%', '12 tot 24 weken' ('12–24 weken' with `dash`), 'binnen 2 weken', 'hoogstens 3 maanden',
    'minstens 80%', '€ 4.200.000'; '' when there is no value."""

    def fmt(v: float) -> str:
        return f"€ {nl_number(v)}" if unit == "EUR" else nl_number(v)

    if unit == "EUR":
        suffix = ""
    else:
        suffix = "%" if unit == "percent" else f" {UNIT_LABELS.get(unit or '', unit or '')}".rstrip()
    if low is None and high is None:
        return ""
    if low is None:
        text = f"{'hoogstens' if bound == 'at_most' else 'binnen'} {fmt(high)}{suffix}"
    elif high is None:
        text = f"minstens {fmt(low)}{suffix}"
    elif low == high:
        text = f"{fmt(low)}{suffix}"
    elif dash:
        text = f"{fmt(low)}{' – ' if unit == 'EUR' else '–'}{fmt(high)}{suffix}"
    else:
        text = f"{fmt(low)} tot {fmt(high)}{suffix}"
    return ("ca. " + text) if approx else text
