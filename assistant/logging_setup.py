"""Logging that never carries personal data: libraries that log SQL parameters or payloads stay quiet."""

from __future__ import annotations

import logging

# These log statement parameters or request bodies at DEBUG/INFO: answers and chat messages.
QUIET_LOGGERS = ("aiosqlite", "sqlalchemy.engine", "sqlalchemy.pool", "httpx", "httpcore", "openai", "chromadb")


def configure_logging(level: int = logging.INFO) -> None:
    """Log at ``level`` with a plain format; keep payload-logging libraries at WARNING."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
