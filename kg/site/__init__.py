"""Publish the graph as a static site: entity pages, search, the catalogue's results, the docs.

``layout`` frames every page (navigation, style, links between pages);
``entity`` writes one entity's page in one language; ``search`` the client-side
search over a JSON index; ``catalogue`` each catalogue query with its results;
``write`` puts them, the explorers and the ontology docs into one folder that
works from disk (file://) and from any web server.
"""
