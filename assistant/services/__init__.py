"""Application services: domain rules and storage put together for the tools and the UI."""
