"""Signals: trigger events on accounts, found in news and in changes of the company's own pages,
one per event however many sources report it, ranked for the rep."""
