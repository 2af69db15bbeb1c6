"""The local store: versioned folders with FAISS vectors, BM25 terms, figures and a manifest."""
