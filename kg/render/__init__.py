"""Draw the graph as an interactive, offline HTML explorer: facts -> view -> page.

``styles`` says how things are drawn; ``facts`` gathers what the page says about
each entity; ``views`` cuts the full graph or a network projection down to what
is drawn; ``page`` writes the self-contained HTML.
"""
