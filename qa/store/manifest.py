"""What every store checks in a version's manifest before serving it."""

from __future__ import annotations

from qa.core.errors import EmbedderMismatchError


def check_embedder(manifest: dict, embedder_name: str | None, where: str, fix: str) -> None:
    """Refuse an index built with another embedder: vectors of two models are not comparable."""
    if embedder_name and manifest.get("embedder") != embedder_name:
        raise EmbedderMismatchError(
            f"the index {where} was built with embedder {manifest.get('embedder')!r} but "
            f"{embedder_name!r} is configured: set QA_EMBEDDER to match, or {fix}"
        )
