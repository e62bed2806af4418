"""What kind of document a letter is: the type word that comes first in its head wins."""

from __future__ import annotations

import pytest

from raadsbrieven.ingest.describe import infer_type
from raadsbrieven.pipeline import ingest
from raadsbrieven.store import Store
from tests.conftest import shared_path


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("Geachte leden van de raad,\n\nIn de motie Meer zicht op jeugdhulp vroeg u ...", "raadsbrief"),
        ("Raadsinformatiebrief\n\nNaar aanleiding van motie M101 ...", "raadsinformatiebrief"),
        ("Motie 836 van de leden Kreuger en Bakker inzake hackbikes\n\nDe gemeenteraad ...", "motie"),
        ("Geachte leden van de raad,\n\nJongeren met emoties die zij niet kwijt kunnen ...", "raadsbrief"),
        ("Aan het college,\n\nkinderen met heftige emoties en gedrag", None),
        ("Tweede Kamer der Staten-Generaal\n\nNr. 9 MOTIE VAN HET LID HACHCHI C.S.\n\nVoorgesteld", "motie"),
        ("Tweede Kamer der Staten-Generaal\n\nNr. 40 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN\n\n"
         "... over de motie-Van der Staaij ...", "kamerbrief"),
        ("Tweede Kamer der Staten-Generaal\n\nNr. 12 VERSLAG VAN EEN ALGEMEEN OVERLEG", "verslag"),
        ("Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2014–2015", "kamerstuk"),
    ],
)  # fmt: skip
def test_first_type_word_wins(head, kind):
    assert infer_type(head) == kind


def test_letters_from_other_councils_get_their_type(tmp_path):
    extra = shared_path("letters-extra")
    store = Store(f"sqlite:///{tmp_path / 'extra.db'}")
    names = ["tk_kst-33900-9.pdf", "tk_kst-33268-28.pdf", "ams_motie_836_2021-12-02_hackbikes.txt"]
    names += [
        "ams_rib_2023-03-22_maxsnelheid_fietspaden_LEV.txt",
        "denhelder_besluitenlijst_raad_2015-06-29.pdf",
    ]
    ingest([extra / n for n in names], store, embed=False)
    types = {d.name: d.doc_type for d in store.documents()}
    assert types == {
        "tk_kst-33900-9.pdf": "motie",
        "tk_kst-33268-28.pdf": "kamerbrief",
        "ams_motie_836_2021-12-02_hackbikes.txt": "motie",
        "ams_rib_2023-03-22_maxsnelheid_fietspaden_LEV.txt": "raadsinformatiebrief",
        "denhelder_besluitenlijst_raad_2015-06-29.pdf": "besluitenlijst",
    }


@pytest.mark.parametrize(
    ("name", "date", "title"),
    [
        # "Datum" / "14070" (the phone number) / "5 maart 2025"; the text later promises "31 mei 2025"
        ("denhaag_raadsbrief_2025-03-05_tussenbericht-motie-hoogbegaafdheid.pdf", "2025-03-05",
         "Tussenbericht motie: ‘Veranker hoogbegaafdheid in Haags onderwijsbeleid’"),
        # "Datum Telefoonnummer" / "13 mei 2025 14070"; "Onderwerp marijn…@denhaag.nl" / the subject
        ("denhaag_raadsbrief_2025-05-13_afdoening-motie-huurverhoging.pdf", "2025-05-13",
         "Afdoening motie: ‘Geen maximale huurverhoging’"),
        # no Onderwerp: the first line that names it, not "Datum Ons Kenmerk" or "RIS322212"
        ("denhaag_raadsvoorstel_2025-05-21_voorjaarsnota-2025.pdf", "2025-05-21",
         "Voorstel van het college inzake Voorjaarsnota 2025"),
    ],
)  # fmt: skip
def test_a_letterhead_in_two_columns_gives_the_letters_own_date_and_subject(name, date, title):
    from raadsbrieven.ingest.describe import describe
    from raadsbrieven.ingest.read import read_file

    path = shared_path(f"letters-more/{name}")
    raw = read_file(path)
    described = describe(raw, "\n".join(page.text for page in raw.pages), path)
    assert (described.date, described.title) == (date, title)
    assert described.date_basis.startswith("letterhead: 'Datum")
