"""SQL storage (SQLite by default, PostgreSQL by URL): people's answers and results live here only."""
