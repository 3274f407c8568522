"""Several processes writing one database at once, as a team on a shared server does."""
