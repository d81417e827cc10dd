"""Back up and restore the whole installation: the database and the uploaded files.

One archive, `thidua-backup-YYYYmmdd-HHMMSS.tar.gz`, holds
- `manifest.json`: the format, when and from which database engine it was made, and the
  SHA-256 and size of every other member;
- `database/thidua.sqlite3` (a consistent copy made with SQLite's backup API, safe while the
  site is serving) or `database/thidua.dump` (`pg_dump --format=custom`);
- `media/…`: every file under MEDIA_ROOT (evidence, attachments, imports, issued documents).

`restore` reads the manifest first and refuses the archive — touching nothing — when a member
is missing, extra, of another size or digest, or named outside the archive (absolute, `..`,
links). Then it replaces the database and moves the current media folder aside
(`media.before-restore-…`) before putting the archived files in its place.

It lives in documents/ because that app already answers for stored files staying intact
(the SHA-256 of every issued document, `check_documents`).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "thidua-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/thidua.sqlite3"
POSTGRES_MEMBER = "database/thidua.dump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be made or must not be restored; the message says why."""


@dataclass
class BackupResult:
    path: Path
    sha256: str
    files: int


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias="default"):
    engine = settings.DATABASES[alias]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _pg_env_and_args(alias="default"):
    db = connections[alias].settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: apt-get install postgresql-client")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target_dir, alias="default"):
    engine = _engine(alias)
    if engine == "sqlite":
        target = target_dir / SQLITE_MEMBER
        target.parent.mkdir(parents=True, exist_ok=True)
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            with destination:
                connection.connection.backup(destination)  # consistent even while others write
        finally:
            destination.close()
        return engine, SQLITE_MEMBER
    target = target_dir / POSTGRES_MEMBER
    target.parent.mkdir(parents=True, exist_ok=True)
    env, args = _pg_env_and_args(alias)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    return engine, POSTGRES_MEMBER


def create_backup(destination, alias="default"):
    """Write one archive into the folder `destination` (or to that file name if it ends in .tar.gz)."""
    destination = Path(destination)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = destination if destination.name.endswith(".tar.gz") else destination / f"thidua-backup-{stamp}.tar.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
        work = Path(work)
        engine, db_member = _dump_database(work, alias)
        members = {db_member: work / db_member}
        if media_root.is_dir():
            for file in sorted(media_root.rglob("*")):
                if file.is_file() and not file.is_symlink():
                    members[f"media/{file.relative_to(media_root).as_posix()}"] = file
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": db_member,
            "files": {name: {"sha256": sha256_of(file), "size": file.stat().st_size} for name, file in members.items()},
        }
        manifest_file = work / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial = path.with_name(path.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            for name, file in members.items():
                archive.add(file, arcname=name, recursive=False)
        partial.replace(path)  # never a half-written archive under the final name
    return BackupResult(path=path, sha256=sha256_of(path), files=len(members) - 1)


def _safe_name(name):
    pure = PurePosixPath(name)
    return (
        name
        and "\x00" not in name
        and "\\" not in name
        and not pure.is_absolute()
        and ".." not in pure.parts
        and (name == MANIFEST or pure.parts[0] in ("database", "media"))
    )


def verify_archive(path, expect_sha256=None):
    """Read the whole archive, check every member against the manifest; return the manifest.

    Raises BackupError naming the first problem; nothing is written anywhere."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No archive at {path}.")
    if expect_sha256 and sha256_of(path) != expect_sha256.lower():
        raise BackupError("The archive's SHA-256 is not the one expected: it was changed or is another archive.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
            names = [m.name for m in members]
            for member in members:
                if not _safe_name(member.name) or not member.isfile():
                    raise BackupError(
                        f"The archive holds an entry that is not a plain file inside it: {member.name!r}."
                    )
            if len(set(names)) != len(names):
                raise BackupError("The archive holds the same name twice.")
            if MANIFEST not in names:
                raise BackupError("The archive has no manifest.")
            manifest = json.load(archive.extractfile(MANIFEST))
            if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
                raise BackupError("This is not a Thi đua backup of a version this program restores.")
            listed = manifest.get("files") or {}
            if set(listed) != set(names) - {MANIFEST}:
                extra, missing = sorted(set(names) - {MANIFEST} - set(listed)), sorted(set(listed) - set(names))
                raise BackupError(f"The archive does not match its manifest (extra: {extra}, missing: {missing}).")
            if manifest.get("database") not in listed:
                raise BackupError("The archive has no database.")
            for member in members:
                if member.name == MANIFEST:
                    continue
                digest = hashlib.sha256()
                handle = archive.extractfile(member)
                for chunk in iter(lambda handle=handle: handle.read(CHUNK), b""):
                    digest.update(chunk)
                expected = listed[member.name]
                if member.size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
                    raise BackupError(f"{member.name} was changed after the backup was made (SHA-256 differs).")
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError, AttributeError) as exc:
        raise BackupError(f"The archive cannot be read: {exc}") from exc
    return manifest


def restore_backup(path, alias="default", expect_sha256=None):
    """Verify the archive, then replace the database and the uploaded files with its contents."""
    manifest = verify_archive(path, expect_sha256=expect_sha256)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(f"The archive holds a {manifest['engine']} database; this installation uses {engine}.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="thidua-restore-", dir=media_root.parent) as work:
        work = Path(work)
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(work, filter="data")  # names were checked above; the filter checks again
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"The archive cannot be unpacked: {exc}") from exc
        for name, expected in manifest["files"].items():  # what was read is what was checked
            if sha256_of(work / name) != expected["sha256"]:
                raise BackupError(f"{name} changed while it was being restored.")
        _load_database(work / manifest["database"], engine, alias)
        previous = None
        if media_root.exists():
            previous = media_root.with_name(f"{media_root.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
            media_root.rename(previous)
        restored_media = work / "media"
        if restored_media.is_dir():
            restored_media.rename(media_root)
        else:
            media_root.mkdir()
    return manifest, previous


def _load_database(dump, engine, alias):
    connection = connections[alias]
    if engine == "sqlite":
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)  # replaces every page of the live database
        finally:
            source.close()
        return
    connections.close_all()
    env, args = _pg_env_and_args(alias)
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", *args]
        + [str(dump)],
        env,
    )
