"""Hold the version of yrd-kg, the knowledge graph of cooperation in the Yangtze River Delta.

``kg.to_dataframe(result)`` turns a query result (:func:`kg.sparql.run`) into a pandas DataFrame.
"""

__version__ = "0.1.0"

from kg.results import to_dataframe  # noqa: E402

__all__ = ["__version__", "to_dataframe"]
