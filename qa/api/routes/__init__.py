"""The API's routes, one module per area: ask, search, documents, admin, OpenAI-compatible, operations."""
