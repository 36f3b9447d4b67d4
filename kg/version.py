"""Hold the version of yrd-kg (the package, its releases and its dataset description)."""

__version__ = "0.1.0"
