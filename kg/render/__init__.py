"""Draw the graph as an interactive, offline HTML explorer: facts -> view -> page.

``styles`` says how things are drawn; ``facts`` gathers what the page says about
each entity; ``layout`` places the nodes (ForceAtlas2, in Python); ``groups``
folds a view too large to draw into groups; ``views`` cuts the full graph or a
network projection down to what is drawn; ``page`` writes the self-contained
HTML; ``notebook`` hands a view over as a pyvis Network
(``from kg.render.notebook import to_pyvis``; not imported here, so drawing a page
never loads pyvis and IPython).
"""
