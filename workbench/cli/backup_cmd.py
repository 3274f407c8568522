"""`workbench backup [OUT]`, `workbench restore BACKUP` and `workbench import FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import errors

if TYPE_CHECKING:
    from workbench.cli import Context


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="back up the database now (SQLite online backup)")
    backup.add_argument("out", nargs="?", metavar="OUT",
                        help="file or folder for the copy (default: the backups folder "
                             "beside the database, thinned to a few daily, weekly and "
                             "monthly copies)")
    backup.add_argument("--list", action="store_true", help="list the existing backups")
    backup.set_defaults(handler=cmd_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the database by a backup (the current file is kept first)")
    restore.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    restore.add_argument("--yes", action="store_true",
                         help="restore even when the backup holds less than the database")
    restore.set_defaults(handler=cmd_restore)

    imp = subparsers.add_parser(
        "import", help="add an account from an export file (`workbench export -o FILE`)")
    imp.add_argument("file", metavar="FILE", help="the account export (JSON)")
    imp.add_argument("--as", dest="rename", metavar="NAME",
                     help="give the imported account another name")
    how = imp.add_mutually_exclusive_group()
    how.add_argument("--merge", action="store_true",
                     help="merge into the account with the same domain (newer edit wins per "
                          "field; people, pages, news and calls united)")
    how.add_argument("--as-copy", action="store_true",
                     help="import beside the account with the same domain, as a copy")
    imp.add_argument("--preview", action="store_true",
                     help="say what a merge would change, and change nothing")
    imp.set_defaults(handler=cmd_import)


def database_file(ctx: Context) -> Path:
    """The SQLite file behind `--db`, without opening it (it may be damaged)."""
    from workbench.storage.database import resolve_url

    url, path = resolve_url(ctx.db_target)
    if path is None:
        raise errors.InvalidInput(
            "Backups and restores work on a SQLite file; this database is a server "
            f"({url.split('://')[0]}). Use that server's own backup tools.")
    return path


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.safety import backups
    from workbench.safety.backup_contents import read_contents

    path = database_file(ctx)
    if args.list:
        found = backups.list_backups(path)
        if not found:
            print(f"No backups yet in {path.parent / 'backups'}.")
        for item in found:
            contents = read_contents(item.path)
            print(f"{item.label:<34} {_size(item.size):>8}  {contents.summary()}")
            print(f"    {item.path}")
        return 0
    target = backups.backup_now(path, out=Path(args.out) if args.out else None)
    print(f"Backed up {path.name} to {target}")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from workbench.safety.backup_contents import read_contents
    from workbench.safety.restore import check_backup, restore_backup

    path = database_file(ctx)
    check_backup(Path(args.backup))  # a file that is no backup says so first
    backup, current = read_contents(Path(args.backup)), read_contents(path)
    if backup.has_less_than(current) and not args.yes:
        print(f"The backup holds less than the database:\n"
              f"  backup:   {backup.summary()}\n  database: {current.summary()}\n"
              "Nothing was changed. Restore it anyway with `restore --yes`.", file=sys.stderr)
        return 1
    result = restore_backup(Path(args.backup), path)
    print(f"Restored {path.name} from {result.restored_from.name}.")
    if result.safety_copy:
        print(f"The data it replaced is kept in {result.safety_copy}")
    if result.set_aside:
        print(f"The damaged file it replaced is kept as {result.set_aside}")
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from workbench import accounts, transfer_merge
    from workbench.safety.account_file import import_account_file

    data = transfer_merge.read_for_merge(Path(args.file))
    existing = transfer_merge.existing_account_for(ctx.db, data)
    if existing is not None and not args.as_copy:
        if args.preview or not args.merge:
            preview = transfer_merge.preview_merge(ctx.db, data)
            print("\n".join(preview.lines()))
            if args.preview:
                return 0
            print(f"\nAn account for this domain exists (id {existing}). Nothing was changed: "
                  "run again with --merge to merge, or --as-copy to import beside it.",
                  file=sys.stderr)
            return 1
        _backup_before(ctx, "before-merge")
        account_id, preview = transfer_merge.merge_dossier(ctx.db, data)
        print("\n".join(preview.lines()))
        print(f"Merged into account {account_id}: {preview.account_name}")
        return 0
    if args.preview:
        print("No account has this file's domain: it would be imported as a new account.")
        return 0
    account_id = import_account_file(ctx.db, Path(args.file), rename=args.rename,
                                     as_copy=args.as_copy and existing is not None)
    account = accounts.get_account(ctx.db, account_id)
    print(f"Imported account {account.id}: {account.name}")
    return 0


def _backup_before(ctx: Context, reason: str) -> None:
    """A copy of the file before a merge changes an account in place."""
    from workbench.safety import backups

    if ctx.db.path is not None:
        made = backups.backup_now(ctx.db.path, reason=reason)
        print(f"Your data before the merge is kept in {made}")
