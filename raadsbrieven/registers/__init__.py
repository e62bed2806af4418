"""The toezeggingen register and the moties register, built from stored facts."""

from raadsbrieven.registers.register import (
    MOTIE_COLUMNS,
    TOEZEGGING_COLUMNS,
    MotieEntry,
    ToezeggingEntry,
    filter_status,
    moties_register,
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
    "moties_register",
    "timeline",
    "to_flat_rows",
    "to_rows",
    "toezeggingen_register",
]
