"""Write and check the backup archive: its manifest, file checksums and the ``.tar.gz`` itself.

An archive starts with ``manifest.json`` (format, versions, tables, the SHA-256 of every file);
``unpack`` checks all of it before anything is restored, and ``write_archive`` never leaves a half
archive under the final name.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tarfile
import zlib
from importlib import metadata
from pathlib import Path
from typing import Any

from assistant.backup.errors import BackupError
from assistant.knowledge.store import MANIFEST_FILE

FORMAT, FORMAT_VERSION, MANIFEST = "cap-ia-backup", 1, "manifest.json"
CHECKPOINTS = "checkpoints/conversations.sqlite"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content, as the manifest records it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def versions() -> dict[str, str]:
    """The installed Cap IA and chromadb versions, as the manifest records them."""
    found = {}
    for key, package in (("app_version", "cap-ia"), ("chromadb_version", "chromadb")):
        try:
            found[key] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[key] = "unknown"
    return found


def safe_table_name(name: str) -> bool:
    """A table name that is also a plain file name (it names the table's file in the archive)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def write_archive(staging: Path, archive: Path) -> None:
    """Pack ``staging`` (manifest first) under a temporary name, then rename it: no half archive is ever seen."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(f".{archive.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                tar.add(staging / MANIFEST, arcname=MANIFEST)
                for path in sorted(staging.rglob("*")):
                    if path.name != MANIFEST or path.parent != staging:
                        tar.add(path, arcname=path.relative_to(staging).as_posix(), recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, archive)
    except OSError as exc:
        raise BackupError(f"cannot write {archive}: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def unpack(archive: Path, staging: Path) -> dict[str, Any]:
    """Check the whole archive and extract it; refuse anything missing, truncated, altered or of another format."""
    if not archive.is_file():
        raise BackupError(f"no backup archive at {archive}")
    unreadable = f"{archive} is not a readable Cap IA backup (truncated or corrupt)"
    try:
        with gzip.open(archive) as stream:  # reading to the end checks the length and CRC of the whole archive
            while stream.read(1 << 20):
                pass
        with tarfile.open(archive, "r:gz") as tar:
            first = tar.next()
            handle = tar.extractfile(first) if first is not None and first.name == MANIFEST else None
            if handle is None:
                raise BackupError(f"{archive} is not a Cap IA backup: it does not start with {MANIFEST}")
            manifest = json.loads(handle.read())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError(f"{archive} is not a Cap IA backup (no {FORMAT!r} manifest)")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{archive} has backup format version {manifest.get('format_version')!r}; this version of "
                    f"Cap IA reads version {FORMAT_VERSION} only: restore it with the release that wrote it"
                )
            files: dict[str, str] = manifest["files"]
            tables = [table["name"] for table in manifest["database"]["tables"]]
            if not all(safe_table_name(name) for name in tables):
                raise BackupError(f"{archive}: a table name in the manifest is not a plain name; refusing it")
            needed = [f"db/{name}.jsonl" for name in tables] + [CHECKPOINTS] * bool(manifest["checkpoints"])
            needed += [f"index/{MANIFEST_FILE}"] * bool(manifest["index"])
            for member in tar:
                if member.name == MANIFEST or member.isdir():
                    continue
                if member.name not in files or not member.isfile():
                    raise BackupError(f"{archive}: unexpected entry {member.name!r}; refusing to restore it")
                tar.extract(member, staging, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{unreadable}: {exc}") from None
    for name in [*files, *needed]:
        if not (staging / name).is_file() or file_sha256(staging / name) != files.get(name):
            raise BackupError(f"{unreadable}: {name} is missing or altered")
    return manifest
