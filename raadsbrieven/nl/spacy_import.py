"""spaCy, imported without torch.

thinc, under spaCy, imports torch whenever it is installed, to offer its torch layers. We use
`spacy.blank("nl")` with rule-based components only, so that import buys nothing and costs ~1.3 s
and a few hundred MB in every process that segments text (each CLI call, ingest worker and the
app), wherever torch is installed for the sentence-transformers backend. The import below hides
torch from thinc only while spaCy loads; torch stays importable for that backend afterwards.
"""

from __future__ import annotations

import sys
from functools import cache
from types import ModuleType


@cache
def import_spacy() -> ModuleType:
    """The spacy module, imported with torch hidden from thinc unless either is loaded already."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail at once
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy
