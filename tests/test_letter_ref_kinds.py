"""Letter references the way real letters cite them (issue #12): sentences taken from the annotated
letters (eval/annotations/commitments/, the file named beside each), with the values a reader gives them.

Kamerstukken and Handelingen as the Kamer cites them, bills by their dossier number, court rulings by
ECLI, Woo-besluiten by their kenmerk and date, Den Haag's register numbers of incoming letters, APA
citations in a beleidsnota, a listed letter with its number at the end, a copy sent today; and the
negatives: the PDF's own identifier, a motie's number in the Handelingen, a law named alone, a planned
decision, a number in brackets without a letter.
"""
# ruff: noqa: E501  (tables of letter sentences read better unwrapped)

import pytest

from tests.test_letter_ref_cases import make_doc, one, refs


@pytest.mark.parametrize(
    "sentence, letter_date, expected",
    [
        # kamerstukken: a range of numbers, joint dossiers, an Eerste Kamer letter (kiesraad_advies_kst-30372-6, tk_kamerbrief_kst-33900-10, -33900-b)
        ("Eveneens is Kamerstukken II 2005/06, 30 372, nrs. 1–2. deze referentiedatum van belang voor het stemmen met een kiezerspas.", "2006-03-01", [(None, "30 372, nrs. 1–2")]),
        ("Kamerstuk 14 222, 14 223 en 14 224, nr. 112b, blz. 9.", "2015-02-27", [(None, "14 222, 14 223 en 14 224, nr. 112b")]),
        ("6 november 2013 aan de voorzitter van de Eerste Kamer (Kamerstukken I 2013/2014, 33 268, I,", "2014-12-18", [(None, "33 268, I")]),
        # a bill by its dossier number (AGREEMENT.md: a letter_ref with the dossier number as kenmerk)
        ("Tijdens de behandeling van wetsvoorstel 33 900 is duidelijk geworden dat dit uitgangspunt in uw Kamer breed gedragen wordt.", "2015-02-27", [(None, "33 900")]),
        ("In antwoord op deze vraag, wijzen de initiatiefnemers er op dat in tegenstelling tot het wetsvoorstel 26 156 het vaststellen van drempels aan de gewone wetgever wordt overgelaten.", "2010-01-01", [(None, "26 156")]),
        # Handelingen with an item, and as meeting-page (tk_kamerbrief_kst-33900-10, tk_memorie-van-antwoord_kst-30174-d)
        ("Bij de plenaire behandeling in uw Kamer van het wetsvoorstel (Handelingen II 2014/15, nr. 5, item 3) is gevraagd om een notitie.", "2015-02-27", [(None, "Handelingen II 2014/15, nr. 5, item 3")]),
        ("De argumenten zijn gegeven door de indiener van het amendement tijdens de plenaire behandeling (Handelingen II 2009, p. 55-4460) en kwamen er kort gezegd op neer dat", "2010-06-01", [(None, "Handelingen II 2009, p. 55-4460")]),
        # court rulings and Woo correspondence (inspectie-onderwijs_woo-besluit, minaz_woo-besluit, minezk_woo-besluit)
        ("ABRvS 16 februari 2017, ECLI:NL:RVS:2017:2180.", "2021-01-25", [(None, "ECLI:NL:RVS:2017:2180")]),
        ("Uitspraak 16januari 2019 (ECLI:NL:RVS:2019:100)", "2021-03-02", [(None, "ECLI:NL:RVS:2019:100")]),
        ("Met mijn brief van 4 maart 2021, kenmerk DGKE-WO / 21060714, heb ik de beslistermijn verdaagd.", "2021-06-01", [("2021-03-04", "DGKE-WO / 21060714")]),
        ("Deze aanvullende zienswijze is voor mij aanleiding om het besluit van 30 december 2020 in te trekken en een nieuw besluit te nemen.", "2021-01-25", [("2020-12-30", None)]),
        ("In de kabinetsreactie d.d. 15 januari 2021 op dit rapport heeft het kabinet aangegeven radicaal te kiezen voor ruime informatievoorziening aan de Kamer.", "2021-03-02", [("2021-01-15", None)]),
        ("Dit betrof een Convenant gedateerd 19 juli 2004.", "2021-12-01", [("2004-07-19", None)]),
        # several dates after one noun name several papers (minaz_woo-besluit_2021-03-02), a month after "die ik in" (tk_verslag_kst-33268-27)
        ("Concreet verzoekt u om de notulen van de ministerraden van 7 en 14 juni 2019, 12 juli 2019 en 13 maart 2020.", "2021-03-02", [("2019-06-07", None), ("2019-06-14", None), ("2019-07-12", None), ("2020-03-13", None)]),
        ("In de uitspraken van 25 oktober 2017 en 16 januari 2019 stond de vraag centraal of de minister terecht had geweigerd verslagen openbaar te maken.", "2021-03-02", [("2017-10-25", None), ("2019-01-16", None)]),
        ("Het doel van de test staat in de brief die ik in september heb gestuurd, namelijk om te kijken hoe betrouwbaar de bestaande stemdiensten zijn.", "2014-10-09", [("2014-09", None)]),
        ("• het college in een tussenbericht van 22 mei 2024 aangeeft dat de afdoening later plaatsvindt;", "2025-01-23", [("2024-05-22", None)]),
        # a request dated by its receipt (rijksoverheid_woo-besluit_2020-204)
        ("In uw verzoek, digitaal ontvangen op 9 november 2020, heeft u, met een beroep op de Wet openbaarheid van bestuur (hierna: Wob), informatie verzocht over een vakbekwaamheidsbewijs.", "2020-12-01", [("2020-11-09", None)]),
        # a letter "received on" is the same letter, not a second one (rvo_woo-besluit, minbuza_woo-besluit)
        ("In uw brief van 10 oktober 2020, ontvangen op 12 oktober 2020, heeft u met een beroep op de Wet openbaarheid van bestuur verzocht om informatie.", "2021-01-08", [("2020-10-10", None)]),
        # APA citations in a beleidsnota (amsterdam_beleidsnota_2016_koersbesluit)
        ("15 Wolf, J., Maas, M., Al Shamma, S. (2012).", "2016-03-01", [("2012", None)]),
        ("Kenniscentrum Phrenos. (2014). Over de Brug. Utrecht:", "2016-03-01", [("2014", None)]),
        # a title with a source and year, the title taken from the noun (denhaag_raadsbrief_2025-05-27_afdoening-motie-hoogbegaafdheid)
        ("Ook kan het college de stelling dat ‘25% van de thuiszitters hoogbegaafd zijn’ niet herleiden tot het onderzoek Thuiszitters Tellen (Balans, 2024).", "2025-05-27", [("2024", None)]),
    ],
)  # fmt: skip
def test_references_as_letters_cite_them(sentence, letter_date, expected):
    assert one(sentence, letter_date) == expected


def test_a_listed_letter_takes_the_number_at_its_end():
    """tk_verslag_kst-33268-27: the election date inside the letter's title is no reference."""
    sentence = (
        "– de brief van de Minister van Binnenlandse Zaken en Koninkrijksrelaties d.d. 4 juli 2014 inzake de "
        "reactie op het verzoek van de vaste commissie voor Binnenlandse Zaken over de opkomst bij de "
        "gemeenteraadsverkiezingen op 19 maart 2014 (Kamerstuk 31 142, nr. 42);"
    )
    (fact,) = refs(make_doc(sentence, date="2014-10-01"))
    assert (fact.date, fact.kenmerk) == ("2014-07-04", "31 142, nr. 42")
    assert fact.text.startswith("de brief van de Minister") or fact.text.startswith("brief van de Minister")
    assert fact.text.endswith("nr. 42)")


def test_den_haag_register_numbers_of_incoming_letters():
    """denhaag_notulen_2025-01-23_raad, 'Raadsadressen': each letter's register number in brackets."""
    sentence = (
        "1 Bewoners Boylestraat en omgeving d.d. In handen van het commissie Ruimte 17 december 2024 inzake "
        "voornemen overdracht college van B en W perceel Boylestraat (10838869) 2 Belanghebbende d.d. 8 "
        "januari 2025 inzake verzoek aanpassen regelgeving (behoort bij 10786682) college van B en W"
    )
    assert [k for _, k in one(sentence, "2025-01-23")] == ["10838869", "10786682"]


def test_a_ris_number_in_a_file_name_deep_in_the_minutes():
    """denhaag_notulen_2025-01-23_raad: an attachment named by its file; near the top it would be the letterhead's."""
    head = (
        "Notulen van de openbare vergadering van de gemeenteraad.\n\n"
        + "De voorzitter opent de vergadering. " * 80
    )
    doc = make_doc("RIS319970_Bijlage Nota Grondbeleid p. 33", head=head, date="2025-01-23")
    assert [f.kenmerk for f in refs(doc)] == ["RIS319970"]


def test_a_copy_of_a_letter_sent_today():
    """tk_kamerbrief_kst-33900-d: the copy is of a letter of the same day as this one."""
    sentence = (
        "Hierbij stuur ik u een afschrift van de brief die ik aan de voorzitter van de Tweede Kamer heb "
        "gestuurd over de stand van zaken en ontwikkelingen inzake Kamerdossier 33 900."
    )
    assert one(sentence, "2015-02-27") == [("2015-02-27", None), (None, "33 900")]


def test_the_27th_is_the_27th_the_document_named():
    """tk_kst-33900-12: a debate in March about 'de brief van 27 februari' calls it 'zijn brief van de 27ste'."""
    doc = make_doc(
        "Ik heb kennisgenomen van de tweede brief van 27 februari van de minister.",
        "Om die reden begrijp ik het slot van zijn brief van de 27ste niet helemaal.",
        date="2015-03-31",
    )
    assert [f.date for f in refs(doc, 1)] == ["2015-02-27"]


@pytest.mark.parametrize(
    "sentence",
    [
        "kst-30372-40",  # the PDF's own identifier in a Kamer paper's footer
        "0809tkkst30372-32",
        "KST129133",
        "Zij krijgt nr. 469 ( 29453 ).",  # the motie's own number in the Handelingen
        "deel van de nieuwe Wmo (2015).",  # a law named alone
        "Daarom wordt voorgesteld om opdracht te geven voor het voorbereiden van een afzonderlijk B&W-besluit in kwartaal 3 van 2018 over programmering.",
        "Het totaal aantal meldingen (10838869) is niet bekend.",  # a number in brackets, no letter
        "Dit besluit treedt in werking met ingang van 1 januari 2025.",
        "De raad vergadert van 11 en 12 oktober 2017 over de begroting.",  # the days of a meeting
        "Het advies is voorgelegd aan het college in maart 2017 en daarna besproken.",  # an event, not the paper's date
        "De resultaten komen in een rapportage richting de gemeenteraad die naar verwachting in september verschijnt.",  # corpus/002: still to come
    ],
)
def test_not_a_reference(sentence):
    assert one(sentence, "2018-03-06") == []
