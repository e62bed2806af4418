"""The toezeggingen register and the moties register, built from stored facts."""

from raadsbrieven.registers.moties import MOTIE_COLUMNS, MotieEntry, moties_register
from raadsbrieven.registers.register import (
    TOEZEGGING_COLUMNS,
    ToezeggingEntry,
    filter_status,
    find_entry,
    register_of,
    timeline,
    to_flat_rows,
    to_rows,
    toezeggingen_register,
)

__all__ = [
    "MOTIE_COLUMNS",
    "TOEZEGGING_COLUMNS",
    "MotieEntry",
    "ToezeggingEntry",
    "filter_status",
    "find_entry",
    "moties_register",
    "register_of",
    "timeline",
    "to_flat_rows",
    "to_rows",
    "toezeggingen_register",
]
