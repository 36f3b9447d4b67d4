"""Reach triple stores beyond this process: query an endpoint, publish the graph, serve it locally.

``client`` runs SPARQL at an endpoint; ``publish`` replaces a named graph with
the Graph Store Protocol; ``serve`` runs Oxigraph's own read-only server on a
store written from the graph.
"""
