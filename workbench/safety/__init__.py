"""Keeping the rep's data: backups, restore, integrity checks, account files, drafts."""
