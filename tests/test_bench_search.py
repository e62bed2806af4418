"""The search bench's generated store (bench/bench_search.py) is built through the store's own API,
so it breaks when that API or the gazetteers move; built small here, it is checked with the suite."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from raadsbrieven.store import Store

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_search.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_search", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_letters_are_stored_with_gazetteer_places(tmp_path: Path):
    bench = load_bench()
    places, orgs = bench.gazetteer_names()
    assert "Overvecht" in places and len(orgs) >= 3  # read from the municipal gazetteers
    store = Store(f"sqlite:///{tmp_path / 'gen.db'}")
    letters = bench.build_generated(store, 300)
    counts = store.counts()
    store.close()
    assert counts["documents"] == letters >= 3
    assert counts["sentences"] == 300 and counts["pages"] == letters
