"""The Dutch layer: numbers, dates, periods, deadlines, places and organisations, subjects, tables and
formatting. Word lists and gazetteers are data (`nl/data/`), read through `nl.data.load`.

Imports only `raadsbrieven.model`: the reading stage, the extractors and the UI all build on it.
"""
