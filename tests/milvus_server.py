"""Run milvus-lite's bundled Milvus binary as a local TCP server on a loopback port (for tests and the bench)."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import time
from pathlib import Path


def milvus_binary() -> Path | None:
    """milvus-lite's bundled server binary, without importing the package (its __init__ needs pkg_resources)."""
    spec = importlib.util.find_spec("milvus_lite")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "lib" / "milvus"
    return path if path.is_file() and os.access(path, os.X_OK) else None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MilvusServer:
    """One milvus-lite server process over a data file; stop and start it again on the same port."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        binary = milvus_binary()
        if binary is None:
            raise RuntimeError("milvus-lite is not installed: pip install 'qa[milvus]'")
        self.binary = binary
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait_s: float = 30.0) -> MilvusServer:
        """Start the server and wait until it accepts connections."""
        lib = str(self.binary.parent)
        env = {**os.environ, "LD_LIBRARY_PATH": f"{lib}:{os.environ.get('LD_LIBRARY_PATH', '')}"}
        self.log = open(self.data_dir / "milvus.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(self.binary), str(self.data_dir / "milvus.db"), f"127.0.0.1:{self.port}", "ERROR"],
            cwd=self.data_dir,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"milvus-lite exited with {self.proc.returncode}: see {self.data_dir}/milvus.log"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"milvus-lite did not listen on port {self.port} within {wait_s} s")

    def stop(self) -> None:
        """Stop the server (terminate, then kill)."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
        self.log.close()

    def __enter__(self) -> MilvusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
