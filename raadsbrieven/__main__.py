"""`python -m raadsbrieven` runs the command line, as `raadsbrieven` does."""

from raadsbrieven.cli import main

main()
