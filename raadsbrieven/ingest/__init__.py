"""The reading stage: read (PDF, TXT, HTML) → clean → tables → describe → segment.

Every module here looks only down, at `raadsbrieven.nl` and `raadsbrieven.model`; none imports the
extractors, the store or the UI. `raadsbrieven.pipeline` calls them in order.
"""
