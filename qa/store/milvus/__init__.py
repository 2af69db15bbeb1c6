"""The Milvus store: versioned collections with server-side BM25, shared by stateless replicas."""
