"""Domain logic in plain typed Python: no LLM, no UI, no vector store."""
