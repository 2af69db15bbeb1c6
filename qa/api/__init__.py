"""The HTTP API: the FastAPI app, its dependencies, models, middleware, metrics, query log and routes."""
