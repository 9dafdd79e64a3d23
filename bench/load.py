"""Requests per second and p95 latency of the portal's busiest pages under gunicorn, each beside a
bare Django page served by the same gunicorn in the same run.

Run by hand: .venv/bin/python bench/load.py [--clients 16] [--workers 2] [--seconds 5] [--rounds 3]
                                            [--database-url postgres://…/ce_bench]

Pairs (portal page : bare baseline):
  login page (GET /login/)               : a bare form with CSRF (GET /bench/form/)
  我的学时 (GET /hours/, a teacher)        : a bare 50-row list (GET /bench/list/)
  review queue (GET /review/, an admin)  : the same bare 50-row list
  upload (POST one PDF to a material)    : a bare view that only saves the file (POST /bench/save/)

Everything runs on 127.0.0.1 in a fresh temporary folder (SQLite, or the PostgreSQL database named
by --database-url, which is emptied by migrate + flush first), with the demo data of `make run`.
`--clients` threads send requests for `--seconds` per slice; each round runs every pair, portal
and baseline back to back, alternating which goes first; the bench stops by itself after
rounds × pairs × 2 slices. Prints each pair's ratios (portal ÷ bare) of req/s and of p95, as the
median over rounds with the spread (min–max), against the goal.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "demo-Portal-2026"
TEACHER = "410105199002140790"  # 林思远, 土木工程系
ADMIN = "410105198401170466"  # 唐思齐, 土木工程系's administrator
INHERITED = re.compile(
    r"(DATABASE_.*|MEDIA_ROOT|STATIC_ROOT|PORTAL_VAR_DIR|SECRET_KEY|ID_NUMBER_.*|AWS_.*|MAIL_.*"
    r"|HTTPS|BEHIND_PROXY|DEBUG|UPLOAD_.*|DJANGO_.*|ALLOWED_HOSTS|LOG_.*|CACHE_URL|SENTRY_.*)"
)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    expect: int = 200


@dataclass(frozen=True)
class Slice:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(folder: Path, database_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not INHERITED.fullmatch(key)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "PYTHONPATH": str(ROOT),
            "PORTAL_VAR_DIR": str(folder / "var"),
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "UPLOAD_MAX_FILES_PER_DECLARATION": "1000000",
            "LOG_LEVEL": "WARNING",
            "TASKS_IMMEDIATE": "true",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict[str, str], fresh_database: bool) -> None:
    manage(env, "migrate", "--no-input", "-v0")
    if fresh_database:
        manage(env, "flush", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "seed_demo")
    manage(env, "seed_demo_work")


class Client:
    """A browser's cookies and CSRF token, one new connection a request (gunicorn's sync workers
    close each connection)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def send(self, request: Request) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = {**request.headers, "Host": "127.0.0.1"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(request.method, request.path, body=request.body, headers=headers)
            response = connection.getresponse()
            body = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, body
        finally:
            connection.close()

    def log_in(self, id_number: str) -> None:
        _status, page = self.send(Request("GET", "/login/", {}))
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            sys.exit("no CSRF token on the login page")
        form = {"csrfmiddlewaretoken": token[1].decode(), "username": id_number}
        form["password"] = DEMO_PASSWORD
        status, _page = self.send(
            Request(
                "POST",
                "/login/",
                {"Content-Type": "application/x-www-form-urlencoded"},
                urlencode(form).encode(),
            )
        )
        if status != 302:
            sys.exit(f"logging in as {id_number[:4]}… answered {status}")

    def header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


def multipart(field: str, name: str, data: bytes, content_type: str) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    body.write(f"--{boundary}\r\n".encode())
    body.write(
        f'Content-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
    )
    body.write(data)
    body.write(f"\r\n--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", body.getvalue()


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def draft_declaration(teacher: Client) -> tuple[int, str]:
    """A new draft of the teacher's, made through the real form, and its material's code."""
    _status, page = teacher.send(Request("GET", "/hours/new/endorsed_report/", teacher.header()))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("no CSRF token on the declaration form")
    form = {
        "csrfmiddlewaretoken": token[1].decode(),
        "title": "负载测试报告",
        "organiser": "教育部职业教育发展中心",
        "starts_on": "2026-05-10",
        "ends_on": "2026-05-12",
        "note": "",
        "subject": "professional",
    }
    connection = http.client.HTTPConnection("127.0.0.1", teacher.port, timeout=120)
    headers = {**teacher.header(), "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/hours/new/endorsed_report/", urlencode(form), headers)
    response = connection.getresponse()
    response.read()
    found = re.search(r"/hours/(\d+)/", response.headers.get("Location", ""))
    if response.status != 302 or found is None:
        sys.exit(f"creating a draft answered {response.status}")
    return int(found[1]), "leader_instruction"


def load(port: int, request: Request, clients: int, seconds: float) -> Slice:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status = send_once(port, request)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            if status == request.expect:
                mine.append(elapsed)
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Slice(len(latencies), errors[0], time.monotonic() - started, latencies)


def send_once(port: int, request: Request) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            request.method,
            request.path,
            body=request.body,
            headers={**request.headers, "Host": "127.0.0.1"},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seconds", type=float, default=5, help="length of each slice")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--goal", type=float, default=0.5, help="goal for the req/s ratio")
    parser.add_argument("--database-url", help="a PostgreSQL database to empty and use")
    args = parser.parse_args()
    if not (1 <= args.clients <= 64 and 1 <= args.rounds <= 20 and 0 < args.seconds <= 60):
        sys.exit("keep it bounded: 1–64 clients, 1–20 rounds, slices up to 60 s")

    with tempfile.TemporaryDirectory(prefix="load-bench-") as folder:
        env = server_env(Path(folder), args.database_url)
        print("Preparing (migrate, collectstatic, demo data)…", flush=True)
        prepare(env, fresh_database=bool(args.database_url))
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "bench.load_settings_wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_until_listening(port, server)
            run(args, port)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def run(args: argparse.Namespace, port: int) -> None:
    teacher, admin, anonymous = Client(port), Client(port), Client(port)
    teacher.log_in(TEACHER)
    admin.log_in(ADMIN)
    declaration, material = draft_declaration(teacher)
    anonymous.send(Request("GET", "/bench/form/", {}))
    pdf = small_pdf()
    content_type, body = multipart("files", "证明.pdf", pdf, "application/pdf")
    csrf = {"X-CSRFToken": teacher.cookies["csrftoken"], "Content-Type": content_type}
    upload_headers = {**teacher.header(), **csrf}
    pairs: list[tuple[str, Request, Request]] = [
        ("login page", Request("GET", "/login/", {}), Request("GET", "/bench/form/", {})),
        (
            "我的学时",
            Request("GET", "/hours/", teacher.header()),
            Request("GET", "/bench/list/", {}),
        ),
        (
            "review queue",
            Request("GET", "/review/", admin.header()),
            Request("GET", "/bench/list/", {}),
        ),
        (
            "upload (1-page PDF)",
            Request(
                "POST",
                f"/hours/{declaration}/materials/{material}/",
                upload_headers,
                body,
                expect=302,
            ),
            Request("POST", "/bench/save/", {"Content-Type": content_type}, body),
        ),
    ]
    for _name, portal, bare in pairs:  # warm up every path once, and check it answers
        for request in (portal, bare):
            status = send_once(port, request)
            if status != request.expect:
                sys.exit(f"{request.method} {request.path} answered {status}, not {request.expect}")

    print(
        f"gunicorn {args.workers} workers, {args.clients} clients, {args.rounds} rounds of "
        f"{args.seconds:g} s slices, {'PostgreSQL' if args.database_url else 'SQLite'}",
        flush=True,
    )
    results: dict[str, list[tuple[Slice, Slice]]] = {name: [] for name, _p, _b in pairs}
    for round_number in range(args.rounds):
        for name, portal, bare in pairs:
            # Alternate which goes first, so neither always meets a warmer server.
            if round_number % 2:
                bare_slice = load(port, bare, args.clients, args.seconds)
                portal_slice = load(port, portal, args.clients, args.seconds)
            else:
                portal_slice = load(port, portal, args.clients, args.seconds)
                bare_slice = load(port, bare, args.clients, args.seconds)
            results[name].append((portal_slice, bare_slice))
            print(
                f"  round {round_number + 1} {name}: portal {portal_slice.per_second:.1f} req/s "
                f"p95 {portal_slice.p95 * 1000:.0f} ms ({portal_slice.errors} errors); bare "
                f"{bare_slice.per_second:.1f} req/s p95 {bare_slice.p95 * 1000:.0f} ms",
                flush=True,
            )
    report(results, args.goal)


def report(results: dict[str, list[tuple[Slice, Slice]]], goal: float) -> None:
    print()
    print(f"{'page':<22} {'req/s ratio':>22} {'p95 ratio':>22}  goal (req/s ≥ {goal:g}×)")
    for name, slices in results.items():
        throughput = [p.per_second / b.per_second for p, b in slices if b.per_second]
        latency = [p.p95 / b.p95 for p, b in slices if b.p95]
        errors = sum(p.errors + b.errors for p, b in slices)
        median = statistics.median(throughput) if throughput else 0.0
        verdict = "met" if median >= goal and not errors else "missed"
        print(
            f"{name:<22} {spread(throughput):>22} {spread(latency):>22}  {verdict}"
            + (f" ({errors} failed requests)" if errors else "")
        )
    print("(median over rounds, min–max in brackets; ratio = portal ÷ bare Django)")


def spread(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{statistics.median(values):.2f}× [{min(values):.2f}–{max(values):.2f}]"


if __name__ == "__main__":
    main()
