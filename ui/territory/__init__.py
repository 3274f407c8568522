"""The territory views: search everywhere, signals and Today (each reads the core's small functions)."""
