"""Back up and restore what Cap IA keeps (``cap-ia backup`` / ``cap-ia restore``).

``operations`` runs both; ``archive`` writes and checks the ``.tar.gz`` and its manifest; ``tables``
reads the database and ``load`` writes it back; ``rows`` carries values and hashes tables.
"""

from assistant.backup.errors import BackupError
from assistant.backup.operations import BackupReport, RestoreReport, create_backup, restore_backup

__all__ = ["BackupError", "BackupReport", "RestoreReport", "create_backup", "restore_backup"]
