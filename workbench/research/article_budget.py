"""How many new stories a research run fetches the article text of, by default.

Its own small module: the window reads it (Research settings, a background refresh
starting) and must not import the whole news pipeline, with its HTTP library, to learn
one number (that import stalled the window for 0.3-0.5 s as a refresh began).
"""

# Articles fetched per run: the newest new stories without text, so the rep offline has
# something to read and trigger detection sees the lead, not only the teaser. The
# client's per-host limit keeps it polite; the rep sets another budget per run.
ARTICLES_PER_RUN = 30
