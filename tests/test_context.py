import pytest
from raadsbrieven.extractors import context, count, duration, percentage

from raadsbrieven.nl import places

from ._factdoc import run


@pytest.mark.parametrize(
    "sentence, index, period",
    [
        ("krijgen binnen 5 dagen een gesprek (in 2019 was dat 85%, in 2020 80%).", 0, "2019"),
        ("krijgen binnen 5 dagen een gesprek (in 2019 was dat 85%, in 2020 80%).", 1, "2020"),
        (
            "In het laatste kwartaal van 2020 zien we dat 85% van de gezinnen een gesprek krijgt.",
            0,
            "2020-Q4",
        ),
        ("In de eerste helft van 2021 voerden we 58 procent van de gesprekken op tijd.", 0, "2021-H1"),
        ("Ten tijde van de vorige raadsbrief in november betrof dit nog 25% tot 40%.", 0, "2020-11"),
        ("We verwachten eind 2024 dat 50% van de scholen meedoet.", 0, "2024-12"),
        (
            "In het najaar van 2020 geeft 21 procent aan problemen te ervaren, tegen 11 procent in 2019.",
            1,
            "2019",
        ),
        ("Het aandeel is 30%.", 0, "2021"),  # the letter's year
    ],
)
def test_period(sentence, index, period):
    facts = run(percentage, sentence)
    assert facts[index].period == period


def test_period_from_heading():
    (fact,) = run(duration, "We voeren binnen vijf werkdagen een gesprek.", heading="Doelen 2023")
    assert fact.period == "2023"


def test_period_without_letter_date_uses_latest_date_in_letter():
    (fact,) = run(
        percentage, "In november betrof dit 25%.", date=None, prefix="Op 3 december 2020 schreven we. "
    )
    assert fact.period == "2020-11"


@pytest.mark.parametrize(
    "sentence, index, place",
    [
        (
            "De wachttijd in Vleuten loopt in 30% van de gevallen op, in Leidsche Rijn in 20%.",
            0,
            "Vleuten",
        ),
        (
            "De wachttijd in Vleuten loopt in 30% van de gevallen op, in Leidsche Rijn in 20%.",
            1,
            "Leidsche Rijn",
        ),
        (
            "In de buurten Leidsche Rijn, West, Lunetten en Vleuterweide wacht 40% langer.",
            0,
            "Leidsche Rijn, West, Lunetten, Vleuterweide",
        ),
        ("Dit ligt boven het landelijk gemiddelde van 10 tot 20 procent.", 0, "Nederland"),
        ("Bij 13 procent lukte het niet.", 0, "Utrecht"),  # the municipality by default
        ("Bij KOOS Utrecht startte 13 procent later.", 0, "Utrecht"),
    ],
)
def test_place(sentence, index, place):
    assert run(percentage, sentence)[index].place == place


def test_no_place_default_without_municipality():
    (fact,) = run(percentage, "Bij 13 procent lukte het niet.", municipality=None)
    assert fact.place is None


@pytest.mark.parametrize(
    "sentence, heading, prefix, org",
    [
        ("In alle wijken waar KOOS hulp biedt start 32% van de zorg op tijd.", None, "", "KOOS Utrecht"),
        ("sinds het najaar ziet Spoor030 een toename van 15%.", None, "", "Spoor030"),
        (
            "Bijna alle gezinnen bij het buurtteam krijgen in 85% een gesprek.",
            "Basiszorg door Lokalis",
            "",
            "Lokalis",
        ),
        (
            "De wachttijd bij het buurtteam is 20% langer.",
            None,
            "Onderstaande tabel toont de wachttijd bij Buurtteam Sociaal. ",
            "Buurtteam Sociaal",
        ),
        ("Het aandeel is 30%.", None, "", "gemeente Utrecht"),
    ],
)
def test_org(sentence, heading, prefix, org):
    (fact,) = run(percentage, sentence, heading=heading, prefix=prefix)
    assert fact.org == org


def test_org_gazetteers_are_per_municipality():
    assert places.find_orgs("KOOS en Spoor030", "Utrecht")
    assert not [o for o in places.find_orgs("KOOS en Spoor030", "Amsterdam") if o.kind == "named"]


def test_subject_of_a_percentage():
    (fact,) = run(percentage, "Bij 86 procent van de klanten werd de ondersteuning gestart.")
    assert fact.subject == "klanten ondersteuning gestart"  # the group and what is measured (test_subject.py)


def test_kamer_letters_have_no_gemeente():
    (fact,) = run(percentage, "De opkomst was 75%.", municipality="Tweede Kamer")
    assert (fact.org, fact.place) == (None, "Nederland")


ACTS = [
    (count, "Amsterdam", "college", "Alles overwegende kiest het college drie voorkeurslocaties."),
    (count, "Den Haag", "Dunea", "In samenwerking met Dunea zijn inmiddels 123 watertappunten gerealiseerd."),
    (
        count,
        "Amsterdam",
        "Inspectie Leefomgeving en Transport",
        "Onlangs heeft de Inspectie Leefomgeving en Transport aan 9 aanbieders een dwangsom opgelegd.",
    ),
    (percentage, "Tweede Kamer", "Qredits", "Qredits ondersteunt ondernemers tegen een rente van 5,75%."),
    (
        duration,
        "Den Haag",
        "rechtbank Den Haag",
        "De rechtbank Den Haag heeft de gemeente verplicht om binnen vijf jaar te bouwen.",
    ),
    (
        count,
        "Den Helder",
        "gemeenteraad",
        "De raad besluit in meerderheid (16 stemmen voor en 14 stemmen tegen).",
    ),
]


@pytest.mark.parametrize("module, municipality, org, sentence", ACTS)
def test_the_body_that_acts_in_the_sentence_is_the_org(module, municipality, org, sentence):
    assert run(module, sentence, municipality=municipality)[0].org == org


@pytest.mark.parametrize(
    "sentence",
    [
        "Bijna alle gezinnen krijgen in 85% van de gevallen een gesprek.",
        "Gemiddeld kreeg 85% van de gezinnen een gesprek.",
        "Daarbij kreeg 85% van de gezinnen een gesprek van Oekraïense vrijwilligers.",
    ],
)
def test_an_ordinary_word_opening_a_sentence_is_no_org(sentence):
    (fact,) = run(percentage, sentence, municipality="Amsterdam")
    assert fact.org == "gemeente Amsterdam"


SOURCES = [  # the source a sentence names for its figure is whose figure it is
    (
        "Uit onderzoek van ‘Thuiszitters tellen’ blijkt dat 25% hoogbegaafd is.",
        "Thuiszitters tellen",
    ),
    ("Van de deelnemers aan een AT5-onderzoek zegt 76% dat het drukker is.", "AT5"),
    ("In 2022 zijn 4.845 slachtoffers behandeld door de Regionale Ambulancevoorziening (RAV).", "(RAV)"),
    (
        "Uit onderzoek in opdracht van Rijkswaterstaat bleek dat 35% harder reed.",
        "Rijkswaterstaat",
    ),
]


@pytest.mark.parametrize("sentence, org", SOURCES)
def test_the_source_of_a_figure_is_its_org(sentence, org):
    facts = run(count if "slachtoffers" in sentence else percentage, sentence, municipality="Amsterdam")
    assert org in facts[0].org


def test_a_source_carries_over_to_the_figures_of_its_paragraph():
    prefix = "In 2022 zijn 4.845 slachtoffers behandeld door de Regionale Ambulancevoorziening (RAV). "
    (fact,) = run(percentage, "Bij 52% was een andere verkeersdeelnemer betrokken.", prefix=prefix)
    assert fact.org == "Regionale Ambulancevoorziening (RAV)"


MINISTER = """Tweede Kamer der Staten-Generaal
Nr. 11 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES
Aan de Voorzitter van de Tweede Kamer der Staten-Generaal
"""


def test_the_writer_of_a_national_letter_owns_what_they_write_in_the_first_person():
    text = "Toen heb ik uw Kamer een notitie over twee groepen kiezers voor de Eerste Kamer gestuurd."
    (fact,) = run(count, text, municipality="Tweede Kamer", prefix=MINISTER)
    assert (fact.counted, fact.org) == ("groepen", "minister van BZK")


def test_an_agency_letterhead_names_the_writer_with_its_acronym():
    head = "Rijksdienst voor\nOndernemend Nederland\nPostbus 40225\nwww.rvo.nl\n"
    (fact,) = run(duration, "U kunt binnen zes weken bezwaar maken.", municipality=None, prefix=head)
    assert fact.org == "Rijksdienst voor Ondernemend Nederland (RVO)"


def test_a_national_body_writing_about_a_school_in_a_city_is_not_the_gemeente():
    head = "zÖt Inspectie van het Onderwijs\nMinisterie van Onderwijs, Cultuur en\nWetenschap\n"
    (fact,) = run(duration, "Een belanghebbende kan binnen zes weken bezwaar maken.", prefix=head)
    assert fact.org == "Inspectie van het Onderwijs"  # the letter's municipality (Utrecht) is only its place


def test_a_ministry_named_in_a_municipal_letter_is_not_its_writer():
    prefix = "Het ministerie van Financiën betaalt. " * 3
    (fact,) = run(percentage, "Het aandeel is 30%.", prefix=prefix)
    assert fact.org == "gemeente Utrecht"


def test_a_word_ending_in_a_source_noun_names_no_source():
    """ "taakstelling van het Rijk": a task, not a count ("telling") by the Rijk."""
    assert not context.sources("De taakstelling van het Rijk is hier in verwerkt.")
    assert not context.sources("De doelstelling van de Raad van State is verwerkt.")
    found = context.sources("Uit meetonderzoek van de Fietsersbond bleek")
    assert [s.value for s in found] == ["Fietsersbond"]
