"""The one error a backup or restore raises for a reason the user can act on."""

from __future__ import annotations


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""
