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


def nl_number(x: float | None, cents: bool = False) -> str:
    """1234567.5 -> '1.234.567,5' (Dutch separators); with `cents` a fraction keeps two decimals,
    as an amount of money is written ('7,50')."""
    if x is None:
        return ""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    whole = f"{x:,.2f}" if cents else f"{x:,.2f}".rstrip("0").rstrip(".")
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
        return f"€ {nl_number(v, cents=True)}" if unit == "EUR" else nl_number(v)

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


def date_text(value: str | None, unknown: str = "datum onbekend") -> str:
    """'2021-02-23' -> '23 februari 2021', '2021-02' -> 'februari 2021', '2021' -> '2021'."""
    if not value:
        return unknown
    parts = value.split("-")
    try:
        if len(parts) == 1 or not parts[1].isdigit() or len(parts[1]) == 4:
            return period_text(value)
        month = MONTHS[int(parts[1]) - 1]
        return f"{int(parts[2])} {month} {parts[0]}" if len(parts) > 2 else f"{month} {parts[0]}"
    except (ValueError, IndexError):
        return value


def period_text(period: str | None, unknown: str = "periode onbekend") -> str:
    """A period as a Dutch reader says it: '2020-Q4' -> '4e kwartaal 2020', '2021-H1' -> '1e helft 2021',
    '2016-2018' -> '2016–2018', '2024-12' -> 'december 2024', '2021-11/2022-10' -> 'november 2021 –
    oktober 2022'."""
    if not period:
        return unknown
    if period.count("/") == 1:
        return " – ".join(period_text(part, unknown) for part in period.split("/"))
    year, _, rest = period.partition("-")
    if not rest:
        return year
    if rest[0] in "QH" and rest[1:].isdigit():
        return f"{rest[1:]}e {'kwartaal' if rest[0] == 'Q' else 'helft'} {year}"
    if len(rest) == 4 and rest.isdigit():
        return f"{year}–{rest}"
    return date_text(period)


def count_text(n: int, one: str, many: str) -> str:
    """'1 brief', '3 brieven', '0 brieven': the number with the right form of the noun."""
    return f"{nl_number(n)} {one if n == 1 else many}"


def shorten(text: str | None, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, with '…' when anything was cut."""
    flat = " ".join((text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"
