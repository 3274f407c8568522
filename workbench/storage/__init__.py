"""Storage: the typed models, the engine with its pragmas, sessions and migrations."""
