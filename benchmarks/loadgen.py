"""A small, bounded load generator: simulated residents posting signed Twilio webhooks.

Each client is one resident at a time, with its own number and its own conversation: it
sends the resident's messages in order, waits for each reply, then takes the next resident.
HTTP/1.1 keep-alive over raw asyncio streams keeps the generator's own cost low (it shares
the machine with the server). Bounded by a request count and a wall-clock limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from twilio.request_validator import RequestValidator

from benchmarks.common import (
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    WEBHOOK_PATH,
    percentile,
)

EASTERN_DIGITS = "٠١٢٣٤٥٦٧٨٩"


def resident_script(rng: random.Random) -> list[str]:
    """What one new resident types, in order: the realistic flow of DESIGN.md.

    First message, language, consent, station, profile (gender, age band), the five
    poll answers and the optional comment (0 skips it).
    """
    language = rng.choice(["1", "1", "1", "2", "3", "4"])
    steps = [
        # A greeting, not a keyword: a keyword would choose the language and skip the menu.
        rng.choice(["مرحبا", "hello", "سلام", "hi", "Silav"]),
        language,
        "1",  # consent
        str(rng.randint(1, 6)),  # station menu
        str(rng.randint(1, 3)),  # gender
        str(rng.randint(2, 6)),  # age band (never the under-18 goodbye)
        str(rng.randint(1, 4)),  # trust_police
        str(rng.randint(1, 5)),  # safe_after_dark
        str(rng.randint(1, 4)),  # police_respect
        str(rng.randint(1, 4)),  # report_crime
        str(rng.randint(1, 3)),  # women_access
        rng.choice(["0", "0", "شكرا لكم", "Thank you, keep going"]),  # comment
    ]
    if language == "1":
        # Arabic speakers often type Eastern Arabic digits.
        steps = [
            "".join(EASTERN_DIGITS[int(c)] if c.isdigit() and rng.random() < 0.5 else c for c in s)
            for s in steps
        ]
    return steps


@dataclass
class Resident:
    number: str
    channel: str
    messages: list[str]


class ResidentFactory:
    """Unique residents for one run: numbers never repeat across factories of the same run."""

    def __init__(self, seed: int, prefix: int) -> None:
        self.rng = random.Random(seed)
        self.counter = itertools.count()
        self.prefix = prefix  # 2 digits, so separate runs on one database do not collide

    def __call__(self) -> Resident:
        n = next(self.counter)
        number = f"+9647{self.rng.choice('3456789')}{self.prefix:02d}{n:06d}"
        channel = "whatsapp" if self.rng.random() < 0.8 else "sms"
        return Resident(number, channel, resident_script(self.rng))


def signed_form(resident: Resident, body: str) -> tuple[bytes, str]:
    """A realistic inbound form (DOMAIN.md fields) and its X-Twilio-Signature."""
    sid = "SM" + uuid.uuid4().hex
    address = f"whatsapp:{resident.number}" if resident.channel == "whatsapp" else resident.number
    params = {
        "ToCountry": "IQ",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": "whatsapp:+14155238886" if resident.channel == "whatsapp" else "+9647700000001",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": TWILIO_ACCOUNT_SID,
        "From": address,
        "ApiVersion": "2010-04-01",
    }
    if resident.channel == "whatsapp":
        params.update(
            {"WaId": resident.number.lstrip("+"), "ProfileName": "Resident", "MessageType": "text"}
        )
    signature = RequestValidator(TWILIO_AUTH_TOKEN).compute_signature(
        PUBLIC_BASE_URL + WEBHOOK_PATH, params
    )
    return urllib.parse.urlencode(params).encode(), signature


@dataclass
class LoadResult:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    residents_done: int = 0
    empty_replies: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, fraction: float) -> float:
        return percentile(sorted(self.latencies), fraction) * 1000


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, signature: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nX-Twilio-Signature: {signature}\r\n"
            "User-Agent: TwilioProxy/1.1\r\n\r\n"
        ).encode()
        self.writer.write(head + body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        payload = await self.reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run_load(
    host: str,
    port: int,
    *,
    clients: int,
    max_requests: int,
    max_seconds: float,
    new_resident: Callable[[], Resident],
    warmup_requests: int = 0,
) -> LoadResult:
    """CLIENTS residents at a time until MAX_REQUESTS replies or MAX_SECONDS have passed.

    The first WARMUP_REQUESTS replies (connection set-up, first queries) are not recorded.
    """
    result = LoadResult(clients=clients)
    budget = itertools.count()
    started = time.perf_counter()
    deadline = started + max_seconds
    measure_from: list[float] = []

    async def client() -> None:
        connection = Connection(host, port)
        try:
            while time.perf_counter() < deadline:
                resident = new_resident()
                for body in resident.messages:
                    ticket = next(budget)
                    if ticket >= max_requests + warmup_requests or time.perf_counter() > deadline:
                        return
                    form, signature = signed_form(resident, body)
                    t0 = time.perf_counter()
                    try:
                        status, payload = await connection.post(WEBHOOK_PATH, form, signature)
                    except (ConnectionError, OSError, asyncio.IncompleteReadError):
                        result.errors += 1
                        await connection.close()
                        break  # this resident's conversation is broken; take a new one
                    elapsed = time.perf_counter() - t0
                    if ticket == warmup_requests:
                        measure_from.append(t0)
                    if ticket >= warmup_requests:
                        result.latencies.append(elapsed)
                        result.statuses[status] = result.statuses.get(status, 0) + 1
                        if b"<Message" not in payload:
                            result.empty_replies += 1
                else:
                    result.residents_done += 1
        finally:
            await connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    begin = measure_from[0] if measure_from else started
    result.seconds = time.perf_counter() - begin
    return result


async def run_open_loop(
    host: str,
    port: int,
    *,
    rate: float,
    seconds: float,
    new_resident: Callable[[], Resident],
    max_in_flight: int = 256,
) -> LoadResult:
    """Messages arriving at RATE per second for SECONDS, whatever the server's pace.

    Closer to Twilio than closed-loop clients: arrivals do not wait for answers. Each
    arrival is the next message of a resident not waiting for a reply (a new resident when
    none is idle), so every conversation stays in order. Latency counts from the scheduled
    arrival, so a server that falls behind is charged for the queueing it causes.
    At most MAX_IN_FLIGHT requests are outstanding; beyond that arrivals count as errors.
    """
    result = LoadResult(clients=0)
    idle: list[tuple[Resident, int]] = []
    connections: list[Connection] = []
    in_flight = 0
    started = time.perf_counter()
    tasks = []

    async def one(resident: Resident, step: int, due: float) -> None:
        nonlocal in_flight
        reused = bool(connections)
        connection = connections.pop() if connections else Connection(host, port)
        form, signature = signed_form(resident, resident.messages[step])
        try:
            try:
                status, _payload = await connection.post(WEBHOOK_PATH, form, signature)
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                if not reused:
                    raise
                # An idle keep-alive connection the server closed: retry once on a new one.
                await connection.close()
                status, _payload = await connection.post(WEBHOOK_PATH, form, signature)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            result.errors += 1
            await connection.close()
            in_flight -= 1
            return
        result.latencies.append(time.perf_counter() - due)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        connections.append(connection)
        in_flight -= 1
        if step + 1 < len(resident.messages):
            idle.append((resident, step + 1))
        else:
            result.residents_done += 1

    for n in itertools.count():
        due = started + n / rate
        if due - started >= seconds:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if in_flight >= max_in_flight:
            result.errors += 1
            continue
        resident, step = idle.pop(0) if idle else (new_resident(), 0)
        in_flight += 1
        tasks.append(asyncio.create_task(one(resident, step, due)))
    await asyncio.gather(*tasks)
    for connection in connections:
        await connection.close()
    result.seconds = time.perf_counter() - started
    return result
