"""raadsbrieven: document intelligence over Dutch municipal council letters."""

__version__ = "0.1.0"
