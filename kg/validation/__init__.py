"""Validate a graph against ontology/shapes and the catalogue's checks: one report, two engines.

``shapes`` reads what validation needs; ``report`` is the one report type and
its formats; ``checks`` runs the ``*-violation.rq`` queries; ``shacl`` validates
an rdflib graph with pyshacl; ``compiler`` turns the shapes into SPARQL and
``oxigraph`` runs them on a :class:`kg.store.BigGraph`, with the same findings.
"""
