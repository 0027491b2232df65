"""Ingest the knowledge base: ``python ingest.py [--source FOLDER ...]`` (same as ``cap-ia ingest``)."""

import sys

from assistant.cli import app

if __name__ == "__main__":
    app(["ingest", *sys.argv[1:]])
