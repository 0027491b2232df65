"""Chainlit front end (imported only by the Chainlit server)."""
