"""Write HTML documentation of the ontology and the SHACL shapes, for reading offline.

``frame`` holds what every page shares (file names, navigation, style);
``ontology`` makes the pyLODE pages, one per language, with contents that follow
the class hierarchy; ``shapes`` lists the shapes; ``diagram`` draws the data
model from the ontology; ``write`` writes them all with an index. Every page is
self-contained (inline CSS, no scripts or styles from the web).
"""
