"""N uvicorn workers, each with its own listening socket on the same port (SO_REUSEPORT).

With one socket shared by every worker (uvicorn's `--workers`), each new connection wakes every worker and the
first to run accepts all that are waiting: in a burst one worker takes nearly everything while the other idles.
With a socket per worker the kernel spreads connections over the workers' queues by address hash.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import threading
import time
from typing import Any

log = logging.getLogger("qa.api")
STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that could not start (the next one would not either)


def reuse_port_supported() -> bool:
    """True where the kernel balances connections over sockets bound to one port (Linux 3.9+; BSD and macOS
    accept the option but do not balance)."""
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port with SO_REUSEPORT, so each worker can have its own."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named: asyncio turns Nagle off (TCP_NODELAY) only on sockets that say they are TCP; without it
    # a response's body waits for the client's delayed ACK of its headers, 40 ms on every request
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def run_worker(config: Any) -> None:
    """One worker process: its own socket on the shared port, then uvicorn's server loop."""
    import uvicorn

    config.configure_logging()
    try:
        sock = listening_socket(config.host, config.port)
    except OSError as exc:
        logging.getLogger("uvicorn.error").error("cannot listen on %s:%s: %s", config.host, config.port, exc)
        sys.exit(STARTUP_FAILURE)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def supervise(config: Any, workers: int) -> int:
    """Run `workers` processes until SIGINT or SIGTERM; a worker that dies is replaced, one that cannot start
    stops them all. Returns the exit code."""
    try:
        listening_socket(config.host, config.port).close()  # a port in use fails here, once, with its reason
    except OSError as exc:
        log.error("cannot listen on %s:%s: %s", config.host, config.port, exc)
        return STARTUP_FAILURE
    spawn = multiprocessing.get_context("spawn")
    stop = threading.Event()
    code = 0

    def start() -> multiprocessing.process.BaseProcess:
        proc = spawn.Process(target=run_worker, args=(config,), daemon=False)
        proc.start()
        return proc

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    procs = [start() for _ in range(workers)]
    log.info("started %d workers, each on its own socket: %s", workers, [p.pid for p in procs])
    try:
        while not stop.wait(0.5):
            for n, proc in enumerate(procs):
                if proc.is_alive():
                    continue
                if proc.exitcode == STARTUP_FAILURE:
                    log.error("worker %s could not start; stopping", proc.pid)
                    code = STARTUP_FAILURE
                    stop.set()
                    break
                log.warning("worker %s died (exit code %s); starting another", proc.pid, proc.exitcode)
                procs[n] = start()
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        deadline = time.monotonic() + 30
        for proc in procs:
            proc.join(max(0.1, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return code
