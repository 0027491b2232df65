"""Knowledge base: loading, chunking, embedding, indexing and retrieving guidance documents."""
