"""The territory at a glance: search across accounts, where a hit is acted on, the day's view."""
