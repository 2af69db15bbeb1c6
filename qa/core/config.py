"""Settings: the only place that reads the environment (prefix QA_)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split_keys(value: object) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    return list(value or [])  # type: ignore[call-overload]


class Settings(BaseSettings):
    """Runtime settings; every field can be set as QA_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=None, extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    data_dir: Path = Path("var")
    embedder: str = "e5"
    embedder_api_key: str | None = None  # for QA_EMBEDDER=openai:MODEL@URL, when the server wants one
    embedder_timeout: float = Field(30.0, gt=0)  # seconds per request to that server before a 503
    # "faiss" (the local index in index_dir) or a Milvus URI such as http://milvus:19530 (see docs/milvus.md)
    store: str = "faiss"
    milvus_token: str | None = None  # "user:password" or an API key
    milvus_db: str | None = None
    milvus_timeout: int = 10  # seconds per Milvus call before a 503
    milvus_prefix: str = Field("qa", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")  # collection-name prefix
    embed_threads: int | None = None
    embed_cache_size: int = Field(1024, ge=0)  # query embeddings kept per worker (0: no cache)
    # nice value of the process that embeds a build's or an add's chunks: above 0, answers get the cores first
    index_nice: int = Field(4, ge=0, le=19)
    chunk_size: int = 300
    chunk_overlap: int = 1
    top_k: int = Field(5, ge=1, le=50)
    max_question_chars: int = Field(2000, ge=10)
    max_body_bytes: int = 64_000
    max_upload_bytes: int = 50_000_000
    # a DOCX (a ZIP) is refused before parsing when its parts unpack past this, or one part past the ratio
    max_unzipped_bytes: int = Field(200_000_000, ge=1)
    max_zip_ratio: float = Field(100.0, gt=1)
    admin_keys: Annotated[list[str], NoDecode] = []  # keys allowed to add and remove reports over HTTP
    add_roots: Annotated[list[Path], NoDecode] = [Path(".")]  # folders `qa add` may read from
    reload_seconds: float = 2.0  # how often a running service looks for a newer index version
    retry_seconds: float = 5.0  # how often an API whose index or store could not be opened tries again
    # how long an add, remove or build waits for another one to finish before it gives up with a clear error
    lock_timeout: float = Field(30.0, ge=0)
    # fault-injection tests only: end the process (exit 70) when an update reaches this step (qa.store.steps.STEPS)
    fault_at: str | None = None

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str = "none"
    llm_timeout: float = 20.0

    api_keys: Annotated[list[str], NoDecode] = []
    rate_limit_per_minute: int = 0
    # requests with a wrong or missing key (API or admin) one address may make per minute before a 429
    auth_failures_per_minute: int = Field(10, ge=0)
    query_log_days: int = 30

    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: Annotated[list[str], NoDecode] = []  # browser origins allowed to call the API
    # proxies whose X-Forwarded-For names the client (addresses or CIDRs); none by default: a client that
    # sets the header itself must not choose which rate-limit bucket it falls in
    trusted_proxies: Annotated[list[str], NoDecode] = []
    # answers computed at once per worker: 2 when answers are extractive (CPU-bound), 16 with an LLM (I/O-bound)
    ask_concurrency: int | None = Field(None, ge=1)
    # questions waiting per worker beyond those being answered; more, or a longer wait, is a 503 at once
    queue_size: int = Field(16, ge=0)
    queue_wait_seconds: float = Field(1.5, gt=0)
    # answered or refused within this many seconds of arrival: a queued question that could not finish by then
    # (its wait plus the recent answering time) gets its 503 instead of a late start
    answer_deadline_seconds: float = Field(2.0, gt=0)

    slack_signing_secret: str | None = None
    slack_bot_token: str | None = None
    slack_api_url: str | None = None
    public_url: str | None = None

    @field_validator("api_keys", "cors_origins", "admin_keys", "add_roots", "trusted_proxies", mode="before")
    @classmethod
    def _keys(cls, value: object) -> list[str]:
        return _split_keys(value)
