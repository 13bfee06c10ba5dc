"""A local stand-in for Twilio's Messages API on 127.0.0.1: answers 201 JSON and counts.

The dispatchers use the real ``twilio`` Client and its ``requests`` session; only the
host changes (``benchmarks.outbox_worker`` points the client's HTTP layer here). The
stub speaks HTTP/1.1 keep-alive on a raw asyncio protocol so that it is cheap next to
the code it measures, and records for every request the arrival time, the ``To`` and
the ``Body`` (the benchmark puts each outbox row's idempotency key in its body).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Received:
    at: float
    to: str
    body: str


@dataclass
class StubState:
    delay: float = 0.0  # seconds before each answer (a slow provider keeps rows in flight)
    requests: list[Received] = field(default_factory=list)
    bad_requests: int = 0

    def counts(self) -> Counter[str]:
        return Counter(r.body for r in self.requests)


def _reply(params: dict[str, str]) -> bytes:
    sid = "SM" + uuid.uuid4().hex
    body = json.dumps(
        {
            "account_sid": "ACbenchmarkstubnotarealaccount0000",
            "api_version": "2010-04-01",
            "body": params.get("Body"),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": params.get("From"),
            "messaging_service_sid": params.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": "1",
            "sid": sid,
            "status": "accepted",
            "to": params.get("To"),
            "uri": f"/2010-04-01/Accounts/ACbenchmarkstubnotarealaccount0000/Messages/{sid}.json",
        }
    ).encode()
    head = (
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    return head + body


class _Protocol(asyncio.Protocol):
    def __init__(self, state: StubState) -> None:
        self.state = state
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self.buffer[:head_end].decode("latin-1")
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(self.buffer) < head_end + 4 + length:
                return
            body = self.buffer[head_end + 4 : head_end + 4 + length]
            self.buffer = self.buffer[head_end + 4 + length :]
            self._answer(head, body)

    def _answer(self, head: str, body: bytes) -> None:
        request_line = head.split("\r\n", 1)[0]
        if not request_line.startswith("POST ") or "/Messages.json" not in request_line:
            self.state.bad_requests += 1
            assert self.transport is not None
            self.transport.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            return
        params = dict(urllib.parse.parse_qsl(body.decode()))
        self.state.requests.append(
            Received(time.monotonic(), params.get("To", ""), params.get("Body", ""))
        )
        reply = _reply(params)
        assert self.transport is not None
        if self.state.delay:
            asyncio.get_running_loop().call_later(self.state.delay, self.transport.write, reply)
        else:
            self.transport.write(reply)


class TwilioStub:
    """Runs the stub on its own thread and event loop; ``port`` once started."""

    def __init__(self, delay: float = 0.0) -> None:
        self.state = StubState(delay=delay)
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            self._loop.create_server(lambda: _Protocol(self.state), "127.0.0.1", 0, backlog=512)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()

    def __enter__(self) -> TwilioStub:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
