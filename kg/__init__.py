"""Hold the version of yrd-kg, the knowledge graph of cooperation in the Yangtze River Delta.

``kg.to_dataframe(result)`` turns a query result (:func:`kg.sparql.run`) into a pandas DataFrame.
"""

from kg.results import to_dataframe
from kg.version import __version__

__all__ = ["__version__", "to_dataframe"]
