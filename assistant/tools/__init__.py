"""LangChain tools: thin wrappers that validate input, call the domain and return text + artifact."""
