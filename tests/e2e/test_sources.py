"""`build.py sources` against a real HTTP server on 127.0.0.1: every kind of answer reported with
file:line, copies from a fake availability API written into the entries byte for byte, the cache,
exit codes, and no request leaving the machine (a trap proxy catches any that tries).
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

import pytest

import build
from sitegen import __version__
from tests.conftest import PROJECT, SITE_TOML, make_site
from tests.html_tree import parse

TIMEOUT = 0.4  # SITEGEN_SOURCES_TIMEOUT for the run: /slow answers after SLOW seconds
SLOW = 1.5
SNAPSHOT = "/web/20210701000000/"  # on the test server, so that checking the copies stays on 127.0.0.1


class Request(NamedTuple):
    method: str
    path: str
    host: str
    agent: str


@dataclass
class Server:
    """A site answering every kind of status, the availability API, and a record of what it was asked."""

    base: str = ""
    port: int = 0
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    served: set[str] = field(default_factory=set)  # paths that answered once already
    busy: int = 0  # /pause/ requests being answered now
    most_busy: int = 0
    starts: list[float] = field(default_factory=list)  # when each /pause/ request came

    def count(self, path: str) -> int:
        with self.lock:
            return sum(r.path == path for r in self.requests)

    def paths(self) -> list[str]:
        with self.lock:
            return [urlsplit(r.path).path for r in self.requests]


def handler_for(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self.answer(body=False)

        def do_GET(self) -> None:
            self.answer(body=True)

        def answer(self, body: bool) -> None:
            with server.lock:
                server.requests.append(
                    Request(self.command, self.path, self.headers.get("Host", ""), self.headers.get("User-Agent", ""))
                )
                first = self.path not in server.served
                server.served.add(self.path)
            path = urlsplit(self.path).path
            if path == "/wayback/available":
                return self.availability(body)
            if path.startswith("/pause/"):
                return self.pause(body)
            if path == "/slow":
                time.sleep(SLOW)
            if (
                path in ("/ok", "/target", "/copy", "/slow")
                or path.startswith(SNAPSHOT)
                or (path == "/head-refused" and self.command == "GET")
            ):
                return self.reply(200, body)
            if path == "/head-refused":
                return self.reply(405, body)
            if path == "/flaky":
                return self.reply(500 if first else 200, body)
            if path == "/moved":
                return self.reply(301, body, {"Location": f"http://localhost:{server.port}/target"})
            if path == "/renamed":
                return self.reply(302, body, {"Location": "/target"})
            if path == "/removed":
                return self.reply(410, body)
            return self.reply(404, body)

        def pause(self, body: bool) -> None:
            with server.lock:
                server.busy += 1
                server.most_busy = max(server.most_busy, server.busy)
                server.starts.append(time.monotonic())
            time.sleep(0.35)
            with server.lock:
                server.busy -= 1
            self.reply(200, body)

        def availability(self, body: bool) -> None:
            query = parse_qs(urlsplit(self.path).query)
            url = query["url"][0]
            found = {
                "available": True,
                "url": server.base + SNAPSHOT + url,
                "timestamp": "20210701000000",
                "status": "200",
            }
            data = {"url": url, "archived_snapshots": {} if url.endswith("/removed") else {"closest": found}}
            self.reply(200, body, {"Content-Type": "application/json"}, json.dumps(data).encode())

        def reply(self, status: int, body: bool, headers: dict[str, str] | None = None, data: bytes = b"") -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def start(state: Server) -> Iterator[Server]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    httpd.daemon_threads = True
    state.port = httpd.server_address[1]
    state.base = f"http://127.0.0.1:{state.port}"
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    yield from start(Server())


@pytest.fixture
def trap() -> Iterator[Server]:
    """The proxy for every host but 127.0.0.1 and localhost: what reaches it would have left the machine."""
    yield from start(Server())


def environment(server: Server, trap: Server) -> dict[str, str]:
    proxy = trap.base + "/"
    return {
        "SITEGEN_SOURCES_TIMEOUT": str(TIMEOUT),
        "SITEGEN_SOURCES_DELAY": "0.05",
        "SITEGEN_WAYBACK_API": f"{server.base}/wayback/available",
        **{name: proxy for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")},
        **{name: "127.0.0.1,localhost" for name in ("no_proxy", "NO_PROXY")},
    }


@pytest.fixture
def env(server: Server, trap: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The run's environment, set in this process too; afterwards, the trap proxy must have seen nothing."""
    values = environment(server, trap)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    yield values
    assert trap.requests == [], "a request left 127.0.0.1"


def sources(*args: str | Path) -> tuple[int, str, str]:
    """`build.py sources ARGS` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build.main(["sources", *map(str, args)])
    return code, out.getvalue(), err.getvalue()


def a_entry(base: str) -> str:
    return (
        "---\n"
        "title: First\n"
        "date: 2021-07-01\n"
        "categories: [courts]\n"
        "sources:\n"
        "  - title: Fine\n"
        f"    url: {base}/ok\n"
        "  - title: Gone\n"
        "    publisher: Someone\n"
        f"    url: {base}/gone\n"
        "  - title: Moved\n"
        f"    url: {base}/moved\n"
        "  - title: HEAD refused\n"
        f"    url: {base}/head-refused\n"
        "  - title: Renamed on the same site\n"
        f"    url: {base}/renamed\n"
        "---\n"
        "Body.\n"
    )


def b_entry(base: str) -> bytes:
    """CRLF line endings, comments, quotes, url given first: all must survive an edit."""
    text = (
        "---\r\n"
        "title: 'Second: quoted'   # a comment\r\n"
        "date: 2022-03\r\n"
        "categories: [courts, rights]\r\n"
        "sources:\r\n"
        f'    - url: "{base}/removed"\r\n'
        "      title: Removed\r\n"
        f"    - url: {base}/flaky  # answers 500 once\r\n"
        "      title: Flaky\r\n"
        f"    - url: {base}/gone\r\n"
        "      title: Gone, with a copy\r\n"
        f"      archived_url: {base}/copy\r\n"
        "    - title: Slow\r\n"
        f"      url: {base}/slow\r\n"
        "    - title: Dated and gone\r\n"
        "      date: 2019-05-04\r\n"
        f"      url: {base}/dated-gone\r\n"
        "      publisher: Gazette\r\n"
        "---\r\n"
        "Body.\r\n"
    )
    return text.encode()


@pytest.fixture
def site(tmp_path: Path, server: Server) -> Path:
    root = make_site(tmp_path, {"content/entries/2021-a.md": a_entry(server.base)})
    (root / "content/entries/2022-b.md").write_bytes(b_entry(server.base))
    return root


ADD = "add an archived_url, or replace the link"
A = "content/entries/2021-a.md"
B = "content/entries/2022-b.md"


def test_each_answer_is_reported_with_file_and_line(site: Path, server: Server, env: dict[str, str]) -> None:
    code, out, err = sources("--root", site)
    assert code == 0, err
    assert out.splitlines() == [
        f"{A}:10: sources[2].url: 404 Not Found ({ADD})",
        f"{A}:12: warning: sources[3].url: moved to another site: http://localhost:{server.port}/target (update the link)",
        f"{B}:6: sources[1].url: 410 Gone ({ADD})",
        f"{B}:10: sources[3].url: 404 Not Found (readers still have the archived copy; replace the link if the page moved)",
        f"{B}:14: sources[4].url: no answer within {TIMEOUT:g} s ({ADD})",
        f"{B}:17: sources[5].url: 404 Not Found ({ADD})",
        "11 source addresses checked: 5 fine, 5 dead (4 without an archived copy), 1 moved.",
    ]
    assert err == "Asking 10 addresses on 1 site...\n", "/gone, in both entries, is asked once"
    assert server.count("/flaky") == 2, "a 500 is asked again, and the second answer counts"
    assert [r.method for r in server.requests if r.path == "/head-refused"] == ["HEAD", "GET"]
    assert server.count("/slow") == 3, "a timeout is tried three times"
    assert {r.host for r in server.requests} == {f"127.0.0.1:{server.port}", f"localhost:{server.port}"}
    assert {r.agent for r in server.requests} == {
        f"sitegen-sources/{__version__} (Test reform; +https://example.org/reform/)"
    }


def inserted(before: bytes, after: bytes) -> list[bytes]:
    """The lines `after` adds to `before`, provided every line of `before` is still there, in order."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added, i = [], 0
    for line in new:
        if i < len(old) and line == old[i]:
            i += 1
        else:
            added.append(line)
    assert i == len(old), "a line of the file changed or went missing"
    return added


def test_archive_adds_a_copy_under_exactly_the_dead_sources_and_changes_no_other_byte(
    site: Path, server: Server, env: dict[str, str]
) -> None:
    a_before, b_before = (site / A).read_bytes(), (site / B).read_bytes()
    code, out, err = sources("--root", site, "--archive")
    assert code == 0, err
    copy = f"{server.base}{SNAPSHOT}{server.base}"
    assert out.splitlines() == [
        f"{A}:10: sources[2].url: 404 Not Found (archived_url added: {copy}/gone)",
        f"{A}:13: warning: sources[3].url: moved to another site: http://localhost:{server.port}/target (update the link)",
        f"{B}:6: sources[1].url: 410 Gone (the Internet Archive has no copy: replace the link, or add an archived_url)",
        f"{B}:10: sources[3].url: 404 Not Found (readers still have the archived copy; replace the link if the page moved)",
        f"{B}:14: sources[4].url: no answer within {TIMEOUT:g} s (archived_url added: {copy}/slow)",
        f"{B}:18: sources[5].url: 404 Not Found (archived_url added: {copy}/dated-gone)",
        "11 source addresses checked: 5 fine, 5 dead (1 without an archived copy), 1 moved."
        " archived_url added to 3; the Internet Archive has no copy of 1.",
    ]
    a_after, b_after = (site / A).read_bytes(), (site / B).read_bytes()
    assert inserted(a_before, a_after) == [f"    archived_url: {copy}/gone\n".encode()]
    assert a_after.splitlines()[10] == f"    archived_url: {copy}/gone".encode(), "right under its url"
    assert inserted(b_before, b_after) == [
        f"      archived_url: {copy}/slow\r\n".encode(),
        f"      archived_url: {copy}/dated-gone\r\n".encode(),
    ]
    assert b_after.splitlines()[14] == f"      archived_url: {copy}/slow".encode()
    assert b_after.splitlines()[18] == f"      archived_url: {copy}/dated-gone".encode()
    asked = [parse_qs(urlsplit(r.path).query) for r in server.requests if r.path.startswith("/wayback/")]
    assert sorted((q["url"][0].rpartition("/")[2], q["timestamp"][0]) for q in asked) == [
        ("dated-gone", "20190504"),  # the source's own date
        ("gone", "20210701"),  # else the entry's
        ("removed", "202203"),
        ("slow", "202203"),
    ]
    assert build.main(["check", "--root", str(site)]) == 0

    code, out, _ = sources("--root", site, "--strict")
    assert code == 1, "/removed has no copy"
    assert out.splitlines()[-1] == "14 source addresses checked: 8 fine, 5 dead (1 without an archived copy), 1 moved."


def test_answers_are_remembered_for_the_cache_lifetime(site: Path, server: Server, env: dict[str, str]) -> None:
    assert sources("--root", site)[0] == 0
    cache = site / ".cache" / "sitegen" / "sources.json"
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert list(stored["answers"]) == sorted(stored["answers"]), "sorted, so the file is deterministic"
    assert f"{server.base}/slow" not in stored["answers"], "a timeout is no lasting answer"
    first = len(server.requests)

    code, out, err = sources("--root", site)
    assert code == 0
    assert set(server.paths()[first:]) == {"/slow"}, "only the timeout is asked again"
    assert err == "Asking 1 address on 1 site; 9 answered within the last 7 days...\n"
    assert out.splitlines()[-1] == "11 source addresses checked: 5 fine, 5 dead (4 without an archived copy), 1 moved."

    for item in stored["answers"].values():  # eight days old: asked again
        item["at"] -= 8 * 86400
    cache.write_text(json.dumps(stored), encoding="utf-8")
    second = len(server.requests)
    sources("--root", site)
    assert f"{server.base}/ok" in json.loads(cache.read_text(encoding="utf-8"))["answers"]
    assert server.paths()[second:].count("/ok") == 1

    cache.write_text('{"format": "sitegen-sources-1", "answers": {"', encoding="utf-8")  # corrupt: ignored
    third = len(server.requests)
    code, out, _ = sources("--root", site)
    assert code == 0 and server.paths()[third:].count("/ok") == 1
    assert json.loads(cache.read_text(encoding="utf-8"))["format"] == "sitegen-sources-1", "written anew"


def test_cache_days_zero_asks_every_time(tmp_path: Path, server: Server, env: dict[str, str]) -> None:
    toml = SITE_TOML + "\n[sources]\ncache_days = 0\n"
    site = make_site(tmp_path, {"content/entries/2021-a.md": a_entry(server.base)}, toml=toml)
    sources("--root", site)
    sources("--root", site)
    assert server.count("/ok") == 2
    assert not (site / ".cache" / "sitegen" / "sources.json").exists()


def test_strict_fails_only_on_a_dead_source_without_a_copy(tmp_path: Path, server: Server, trap: Server) -> None:
    """The command as a writer runs it, in its own process: exit codes and no traceback."""
    gone = (
        "---\ntitle: Gone\ndate: 2021\ncategories: [courts]\nsources:\n"
        f"  - title: Gone\n    url: {server.base}/gone\n---\nBody.\n"
    )
    site = make_site(tmp_path, {"content/entries/2021-gone.md": gone})
    env = {**os.environ, **environment(server, trap)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "sources", "--root", str(site), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    assert run().returncode == 0
    strict = run("--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert strict.stdout == (
        f"content/entries/2021-gone.md:7: sources[1].url: 404 Not Found ({ADD})\n"
        "1 source address checked: 0 fine, 1 dead (1 without an archived copy), 0 moved.\n"
    )
    text = (site / "content/entries/2021-gone.md").read_text(encoding="utf-8")
    copied = text.replace("/gone\n", f"/gone\n    archived_url: {server.base}/copy\n")
    (site / "content/entries/2021-gone.md").write_text(copied, encoding="utf-8")
    again = run("--strict")
    assert again.returncode == 0, again.stdout
    assert (
        again.stdout.splitlines()[-1]
        == "2 source addresses checked: 1 fine, 1 dead (0 without an archived copy), 0 moved."
    )
    assert trap.requests == []


def test_the_trap_catches_a_request_to_another_machine(
    tmp_path: Path, server: Server, trap: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard of the other tests works: an address elsewhere goes to the trap, never out."""
    for name, value in environment(server, trap).items():
        monkeypatch.setenv(name, value)
    away = "---\ntitle: Away\ndate: 2021\ncategories: [courts]\nsources:\n  - title: Away\n    url: http://example.invalid/page\n---\nB.\n"
    site = make_site(tmp_path, {"content/entries/2021-away.md": away})
    out = sources("--root", site)[1]
    assert [r.path for r in trap.requests][:1] == ["http://example.invalid/page"]
    assert out.splitlines()[0] == f"content/entries/2021-away.md:7: sources[1].url: 404 Not Found ({ADD})"


def test_content_mistakes_are_reported_before_anything_is_asked(
    tmp_path: Path, server: Server, env: dict[str, str]
) -> None:
    bad = a_entry(server.base).replace("date: 2021-07-01", "date: 2021-02-30")
    site = make_site(tmp_path, {"content/entries/2021-a.md": bad})
    code, out, err = sources("--root", site)
    assert code == 1 and out == ""
    assert (
        err
        == "content/entries/2021-a.md:3: date: 2021-02-30 is not a real day (check the day of the month)\n1 error.\n"
    )
    assert server.requests == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("SITEGEN_SOURCES_TIMEOUT", "soon"), ("SITEGEN_SOURCES_TIMEOUT", "0"), ("SITEGEN_SOURCES_DELAY", "-1")],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    site: Path, server: Server, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert sources("--root", site) == (2, "", f"{name}: '{value}' is not a number of seconds (e.g. {name}=10)\n")
    assert server.requests == []


def test_every_language_shows_the_archived_copy(tmp_path: Path) -> None:
    """The copy a writer (or --archive) adds is offered to readers in each language, translated or not."""
    toml = (
        SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru", "kk"]')
        + '\n[categories.courts.ru]\ntitle = "Суды"\n\n[categories.courts.kk]\ntitle = "Соттар"\n'
        + '\n[categories.rights.ru]\ntitle = "Права"\n\n[categories.rights.kk]\ntitle = "Құқықтар"\n'
    )
    original = (
        "---\ntitle: Courts open\ndate: 2021-07-01\ncategories: [courts]\nsources:\n"
        "  - title: The decree\n    url: https://example.org/decree\n"
        "    archived_url: https://web.archive.org/web/2021/https://example.org/decree\n"
        "  - title: A report\n    url: https://example.org/report\n---\nBody.\n"
    )
    russian = "---\ntitle: Суды открылись\nsources:\n  - title: Указ\n  - title: Доклад\n---\nТекст.\n"
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-courts-open.md": original,
            "content/entries/2021-07-01-courts-open.ru.md": russian,
        },
        toml=toml,
    )
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for prefix, label, title in (
        ("", "archived copy", "The decree"),
        ("ru/", "архивная копия", "Указ"),
        ("kk/", "мұрағаттағы көшірме", "The decree"),
    ):
        page = parse(root / "output" / prefix / "entries" / "courts-open" / "index.html")
        items = page.find("section", "sources").find_all("li")
        copies = [[(a.attrs["href"], a.text) for a in item.find_all("a", "archived")] for item in items]
        assert copies == [
            [("https://web.archive.org/web/2021/https://example.org/decree", f"{label}: {title}")],
            [],
        ], prefix


def test_archive_says_what_it_could_not_do(
    tmp_path: Path, server: Server, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source written in flow style cannot take a line of its own: the copy is named for adding by hand."""
    flow = (
        f"---\ntitle: F\ndate: 2021\ncategories: [courts]\nsources: [{{title: G, url: {server.base}/gone}}]\n---\nB.\n"
    )
    site = make_site(tmp_path, {"content/entries/2021-flow.md": flow})
    code, out, _ = sources("--root", site, "--archive")
    assert (code, out) == (
        0,
        f"content/entries/2021-flow.md:5: sources[1].url: 404 Not Found (its url is not on a line of its own: "
        f"add `archived_url: {server.base}{SNAPSHOT}{server.base}/gone` under its url by hand)\n"
        "1 source address checked: 0 fine, 1 dead (1 without an archived copy), 0 moved.\n",
    )
    assert (site / "content/entries/2021-flow.md").read_text(encoding="utf-8") == flow

    with socket.socket() as closed:  # an availability API that does not answer
        closed.bind(("127.0.0.1", 0))
        monkeypatch.setenv("SITEGEN_WAYBACK_API", f"http://127.0.0.1:{closed.getsockname()[1]}/available")
    out = sources("--root", site, "--archive")[1]
    assert out.splitlines()[0] == (
        "content/entries/2021-flow.md:5: sources[1].url: 404 Not Found (the Internet Archive could not be asked: "
        "connection refused; run --archive again later, or add an archived_url)"
    )


def test_one_host_gets_two_requests_at_a_time_at_most_and_spaced(
    tmp_path: Path, server: Server, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITEGEN_SOURCES_DELAY", "0.1")
    listed = "".join(f"  - title: P{n}\n    url: {server.base}/pause/{n}\n" for n in range(8))
    site = make_site(
        tmp_path,
        {"content/entries/2021-p.md": f"---\ntitle: P\ndate: 2021\ncategories: [courts]\nsources:\n{listed}---\nB.\n"},
    )
    code, out, _ = sources("--root", site)
    assert (code, out) == (0, "8 source addresses checked: 8 fine, 0 dead (0 without an archived copy), 0 moved.\n")
    assert server.most_busy == 2
    gaps = [later - earlier for earlier, later in zip(server.starts, server.starts[1:], strict=False)]
    assert len(gaps) == 7 and min(gaps) >= 0.09, gaps


def test_a_translations_own_address_is_asked_reported_at_its_line_and_archived_there(
    tmp_path: Path, server: Server, env: dict[str, str]
) -> None:
    """A translation citing its language's version of a document: that address is a source like any other."""
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
    toml += '\n[categories.courts.ru]\ntitle = "Суды"\n\n[categories.rights.ru]\ntitle = "Права"\n'
    original = (
        "---\ntitle: Courts open\ndate: 2021-07-01\ncategories: [courts]\nsources:\n"
        f"  - title: The code\n    url: {server.base}/ok\n  - title: A report\n    url: {server.base}/removed\n"
        "---\nBody.\n"
    )
    russian = (
        "---\ntitle: Суды открылись\nsources:\n"
        f"  - title: Кодекс\n    url: {server.base}/rus/code\n  - title: Доклад\n    url: {server.base}/removed\n"
        "---\nТекст.\n"
    )
    root = make_site(
        tmp_path,
        {"content/entries/2021-07-01-a.md": original, "content/entries/2021-07-01-a.ru.md": russian},
        toml=toml,
    )
    code, out, err = sources("--root", root, "--archive")
    assert code == 0, err
    copy = f"{server.base}{SNAPSHOT}{server.base}/rus/code"
    assert out.splitlines() == [
        "content/entries/2021-07-01-a.md:9: sources[2].url: 410 Gone"
        " (the Internet Archive has no copy: replace the link, or add an archived_url)",
        f"content/entries/2021-07-01-a.ru.md:5: sources[1].url: 404 Not Found (archived_url added: {copy})",
        "3 source addresses checked: 1 fine, 2 dead (1 without an archived copy), 0 moved."
        " archived_url added to 1; the Internet Archive has no copy of 1.",
    ]
    removed = [r.method for r in server.requests if r.path == "/removed"]
    assert removed == ["HEAD", "GET"], "the address the translation shares with its original is asked once"
    lines = (root / "content/entries/2021-07-01-a.ru.md").read_text(encoding="utf-8").splitlines()
    assert lines[4:6] == [f"    url: {server.base}/rus/code", f"    archived_url: {copy}"]
    assert build.main(["check", "--root", str(root)]) == 0
