"""Where index versions live: the `IndexStore` and `RankSource` protocols, the local FAISS store and Milvus."""
