"""Retrieval: a store's rankings fused into hits, documents named by a question, figure lookup."""
