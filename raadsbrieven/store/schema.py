"""The store's tables (SQLAlchemy Core). SQLite by default, PostgreSQL by URL.

Every column has a `comment`: `raadsbrieven schema` prints them and the README's
schema section is generated from them (tests/test_docs.py checks it is current).
Other modules (search, series) add their tables to the same `metadata`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _id() -> Column:
    return Column("id", Integer, primary_key=True, autoincrement=True, comment="row id")


def _doc_fk() -> Column:
    return Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
        comment="the document (documents.id)",
    )


documents = Table(
    "documents",
    metadata,
    _id(),
    Column(
        "name", String(255), nullable=False, index=True, comment="file name, e.g. 000_46cd106d7926f80d.txt"
    ),
    Column(
        "path",
        Text,
        comment="where it came from: the file's absolute path, or upload:<name>; with content_hash, "
        "what identifies a stored letter (two folders may each hold a different brief.pdf)",
    ),
    Column("content_hash", String(64), nullable=False, index=True, comment="sha256 of the file's bytes"),
    Column("format", String(16), nullable=False, comment="pdf, docx, xml, txt or html (known by content)"),
    Column("encoding", String(32), comment="text encoding the file was read with (txt, html)"),
    Column("title", Text, comment="onderwerp / title of the letter"),
    Column("doc_type", String(64), comment="raadsbrief, raadsinformatiebrief, motie, besluitenlijst, ..."),
    Column("date", String(10), comment="the letter's date, YYYY-MM-DD or YYYY-MM, or null"),
    Column(
        "date_basis", Text, comment="how the date is known: letterhead, letters.csv, sidecar, inferred ..."
    ),
    Column("kenmerk", String(64), comment="the letter's own kenmerk (reference number), if given"),
    Column("municipality", String(64), comment="the council the letter belongs to, if known"),
    Column("source", Text, comment="where the document comes from (letters.csv / sidecar)"),
    Column("page_count", Integer, comment="number of pages (PDF), 1 for text and HTML"),
    Column(
        "text", Text, nullable=False, comment="the cleaned text; every offset in the store points into it"
    ),
    Column("warnings", Text, comment="what cleaning or reading noticed, one per line"),
    Column("ingested_at", String(32), comment="when it was stored (UTC, ISO 8601)"),
    comment="One row per stored document.",
)

pages = Table(
    "pages",
    metadata,
    _id(),
    _doc_fk(),
    Column("number", Integer, nullable=False, comment="page number, 1-based"),
    Column(
        "start", Integer, nullable=False, comment="offset of the page's first character in documents.text"
    ),
    Column("end", Integer, nullable=False, comment="offset just past the page's last character"),
    Column("raw_text", Text, comment="the page's text as the reader gave it, before cleaning"),
    Column(
        "ocr",
        Boolean,
        comment="true when the text was read from the page's image by OCR, not from its text layer",
    ),
    Column("ocr_engine", Text, comment="the OCR engine, version and language, e.g. tesseract 5.3.0 (nld)"),
    Column(
        "text_quality",
        Float,
        comment="share of the page's words that are readable Dutch (0-1); null for too few words",
    ),
    comment="Pages of a document, as spans of its cleaned text.",
)

sentences = Table(
    "sentences",
    metadata,
    _id(),
    _doc_fk(),
    Column("idx", Integer, nullable=False, comment="position of the sentence in its document, 0-based"),
    Column("page", Integer, comment="page number the sentence starts on (PDF), or null"),
    Column("start", Integer, nullable=False, comment="offset in documents.text"),
    Column("end", Integer, nullable=False, comment="offset just past the sentence"),
    Column("text", Text, nullable=False, comment="the sentence, exactly documents.text[start:end]"),
    Column("heading", Text, comment="the nearest heading above the sentence"),
    Column("residue", Boolean, nullable=False, default=False, comment="an orphan chart/table number"),
    comment="Sentences with character offsets and page.",
)
Index("ux_documents_path", documents.c.path, unique=True)
Index("ix_sentences_doc_idx", sentences.c.document_id, sentences.c.idx)

facts = Table(
    "facts",
    metadata,
    Column("id", String(32), primary_key=True, comment="stable id of the fact"),
    _doc_fk(),
    Column("sentence_id", Integer, ForeignKey("sentences.id", ondelete="CASCADE"), comment="sentences.id"),
    Column(
        "kind", String(16), nullable=False, index=True, comment="percentage, duration, money, toezegging, ..."
    ),
    Column("text", Text, nullable=False, comment="the exact span in documents.text"),
    Column("start", Integer, nullable=False, comment="offset of text in documents.text"),
    Column("end", Integer, nullable=False, comment="offset just past text"),
    Column("page", Integer, comment="page number (PDF), or null"),
    Column("sentence", Text, comment="the whole sentence, whitespace collapsed"),
    Column("low", Float, comment="lower value (equal to high for a single value); null when open"),
    Column("high", Float, comment="upper value; null when open"),
    Column("unit", String(16), comment="percent, minute, hour, day, workday, week, month, year, EUR"),
    Column("approx", Boolean, comment="hedged: ruim, circa, ca., bijna, ongeveer, zo'n"),
    Column("bound", String(16), comment="exact, range, within, at_least, at_most"),
    Column("change", Boolean, comment="the value is a change (een toename van 15%)"),
    Column("residue", Boolean, comment="an orphan number from a chart or table"),
    Column("number", String(32), comment="toezegging number (926) or motie number (M101)"),
    Column("title", Text, comment="motie/amendement title, or title of a referenced letter"),
    Column(
        "status", String(32), comment="motie: aangenomen, ...; toezegging: made, being_fulfilled, reference"
    ),
    Column("who", Text, comment="who made the toezegging"),
    Column("deadline", String(16), comment="deadline of a toezegging, YYYY-MM-DD, YYYY-MM or YYYY-Qn"),
    Column("what", Text, comment="what a toezegging promises, short"),
    Column("date", String(10), comment="letter_ref: the referenced letter's date"),
    Column("kenmerk", String(64), comment="letter_ref: the referenced kenmerk"),
    Column("subject", Text, comment="what the value measures"),
    Column("org", Text, comment="organisation the value refers to"),
    Column("place", Text, comment="wijk, buurt or city the value refers to"),
    Column("period", String(16), comment="period the value refers to (2019, 2020-Q4, 2021-H1, 2024-12)"),
    Column(
        "period_basis",
        String(16),
        comment="how the period is known: sentence, paragraph, heading, table, report_period, letter_date",
    ),
    Column("counted", Text, comment="count: what is counted (wachtenden, cliënten, meldingen)"),
    Column("per", String(16), comment="money: per jaar, per dag, ..."),
    Column("extractor", String(32), comment="the extractor that found it"),
    Column("extractor_version", String(16), comment="its version"),
    comment="Extracted facts, in the facts contract, with provenance.",
)
Index("ix_facts_doc_kind", facts.c.document_id, facts.c.kind)

embeddings = Table(
    "embeddings",
    metadata,
    Column("text_hash", String(40), primary_key=True, comment="sha1 of the embedded text"),
    Column("model", String(128), primary_key=True, comment="embedding model name"),
    Column("dim", Integer, nullable=False, comment="vector length"),
    Column("vector", LargeBinary, nullable=False, comment="float32 vector, little-endian bytes"),
    comment="Cached embedding vectors, computed once per text and model (shared by sentences and facts).",
)

series = Table(
    "series",
    metadata,
    Column("id", String(24), primary_key=True, comment="stable id of the series (from its first fact)"),
    Column("label", Text, comment="readable label, from the subjects of its facts"),
    Column("kind", String(16), nullable=False, comment="percentage, duration or money"),
    Column("unit", String(16), comment="unit shared by all its facts"),
    Column("org", Text, comment="organisation, when its facts name one"),
    Column("place", Text, comment="wijk, buurt or city, when its facts name one"),
    Column("model", String(128), comment="embedding model the linking used"),
    comment="Time series: numeric facts that measure the same thing (raadsbrieven series).",
)

series_facts = Table(
    "series_facts",
    metadata,
    Column("fact_id", String(32), primary_key=True, comment="facts.id of a linked numeric fact"),
    Column(
        "series_id",
        String(24),
        ForeignKey("series.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
        comment="series.id",
    ),
    Column("measure", Text, comment="the text whose embedding linked the fact (sentence, values masked)"),
    comment="Which series each numeric fact belongs to (a fact alone is a series of one).",
)

processed = Table(
    "processed",
    metadata,
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
        comment="the document (documents.id)",
    ),
    Column("pipeline", String(255), nullable=False, comment="versions of the reader and extractors used"),
    comment="How each document was read: a newer pipeline re-reads an unchanged file at the next ingest.",
)

griffie_lists = Table(
    "griffie_lists",
    metadata,
    _id(),
    Column(
        "name",
        String(255),
        nullable=False,
        unique=True,
        comment="the list's name: its file name (one per file)",
    ),
    Column("source", Text, comment="where it was imported from (absolute path, or upload:<name>)"),
    Column("columns", Text, comment="JSON: which column of the file each field was read from"),
    Column("imported_at", String(32), comment="when it was imported (UTC, ISO 8601)"),
    comment="Toezeggingenlijsten of the griffie (raadsbrieven register import); a re-import replaces one.",
)

griffie_rows = Table(
    "griffie_rows",
    metadata,
    _id(),
    Column(
        "list_id",
        Integer,
        ForeignKey("griffie_lists.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
        comment="the list (griffie_lists.id)",
    ),
    Column("row", Integer, nullable=False, comment="the row's line in the file (the header is a line too)"),
    Column("number", String(64), comment="Nummer: the toezegging's number on the list"),
    Column("what", Text, comment="Toezegging: what was promised, as the list words it"),
    Column("who", Text, comment="Portefeuillehouder / wethouder"),
    Column("made", String(10), comment="Datum: when it was promised (ISO), if given"),
    Column("deadline", String(10), comment="Deadline / termijn as an ISO value (date, month, quarter)"),
    Column("deadline_text", Text, comment="the deadline as written in the list"),
    Column("status", String(32), comment="the list's status in the register's words: open, afgedaan, ..."),
    Column("status_text", Text, comment="the status as written in the list"),
    Column("field", Text, comment="Beleidsveld / programma / commissie"),
    Column("note", Text, comment="Toelichting / stand van zaken"),
    comment="The rows of each griffie list, normalised (raadsbrieven register compare reads them).",
)

link_decisions = Table(
    "link_decisions",
    metadata,
    Column(
        "entry_key",
        String(64),
        primary_key=True,
        comment="the toezegging's stable register key (T926, or U + hash of its first mention)",
    ),
    Column(
        "content_hash",
        String(64),
        primary_key=True,
        comment="sha256 of the delivering letter's bytes (documents.content_hash): survives re-ingest",
    ),
    Column("decision", String(16), nullable=False, comment="confirmed or rejected"),
    Column("doc", String(255), comment="the letter's file name when the decision was taken (for reading)"),
    Column("decided_at", String(32), comment="when (UTC, ISO 8601)"),
    comment="A user's decisions on fulfilment links (raadsbrieven toezeggingen --confirm/--reject, the app).",
)
