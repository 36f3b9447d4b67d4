"""Hold the version of yrd-kg, the knowledge graph of cooperation in the Yangtze River Delta."""

__version__ = "0.1.0"
