"""A worker's own listening socket sends a response's pieces at once (Nagle off), not 40 ms apart."""

from __future__ import annotations

import asyncio
import socket
import statistics
import time

from qa.api.workers import listening_socket


def test_connections_on_a_workers_socket_have_nagle_off() -> None:
    sock = listening_socket("127.0.0.1", 0)
    nodelay: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nodelay.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        while await reader.read(1):
            writer.write(b"head")  # as uvicorn writes a response: the headers, then the body
            await writer.drain()
            writer.write(b"body")
            await writer.drain()
        writer.close()

    async def main() -> list[float]:
        server = await asyncio.start_server(handle, sock=sock)
        reader, writer = await asyncio.open_connection(*sock.getsockname()[:2])
        rounds = []
        for _ in range(20):
            started = time.perf_counter()
            writer.write(b"?")
            await reader.readexactly(8)
            rounds.append((time.perf_counter() - started) * 1000)
        writer.close()
        server.close()
        await server.wait_closed()
        return rounds

    rounds = asyncio.run(main())
    assert nodelay == [1]
    assert statistics.median(rounds) < 20  # with Nagle on, the body waits for a delayed ACK: about 40 ms
