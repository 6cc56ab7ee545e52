#!/usr/bin/env python3
"""From an edit to published diagnostics through the real `protogov lsp` process.

The criterion benchmark `benches/lsp.rs` times the same edit in process; this script adds
what it leaves out: JSON-RPC over stdio, the server's loop and the client reading the
notification. It opens the 5,000-line protocol that `benches/lsp.rs` generates, then
alternately misspells and restores one `kind` line 60 times, timing each change until its
`textDocument/publishDiagnostics` arrives. Then, with the line misspelt, it times the code
actions at it and the inlay hints of 60 lines and of the whole file (30 requests each).

With `--set`, it writes the set of 200 files of 300 lines that `benches/lsp.rs` generates
into a temporary folder, starts the server with that folder as its workspace, opens the
middle file and times the same edits there: each change re-checks the whole set.

    cargo build --release && python3 benches/lsp_roundtrip.py target/release/protogov
    python3 benches/lsp_roundtrip.py target/release/protogov --set
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time


def protocol(lines):
    """The same generated protocol as `protocol()` in benches/lsp.rs."""
    out = 'protocol big "A generated protocol" {\n  version "1.0"\n  between b0 and b1\n  review every 2 years\n  next review 2099-01\n}\n\n'
    i = 0
    while out.count("\n") < lines:
        reports = "" if i == 0 else "  reports to b0\n"
        to = "b1" if i == 0 else "b0"
        c = i + 1
        out += (f'body b{i} "Board {i} for children’s services" {{\n  kind committee\n{reports}  meets quarterly in march, june, september and december\n}}\n\n'
                f'role r{i} "Chair of board {i}" {{\n  chair of b{i}\n  appointed by b0\n}}\n\n'
                f'artefact a{i} "Report {i}" {{\n  produced by b{i}\n}}\n\n'
                f'event p{i} "Report {i} is published"\n\n'
                f'duty d{i} "Report {i} to the first board" {{\n  clause {c}.1\n  b{i} submits a{i} to {to}\n  yearly in september\n}}\n\n'
                f'duty e{i} "Review of report {i}" {{\n  a{i} reviewed to b{i} by r{i}\n  when p{i}\n  within 28 days\n  after d{i}\n}}\n\n')
        i += 1
    return out


def member(k, lines):
    """File `k` of the set, as `member()` in benches/lsp.rs writes it."""
    out = (f'protocol f{k}_doc "Protocol {k} between the hub and the boards of area {k}" {{\n'
           f'  version "1.0"\n  between hub and f{k}_b0\n  review every 2 years\n  next review 2099-01\n}}\n\n')
    if k == 0:
        out += ('body hub "The area’s safeguarding hub" {\n  kind statutory_partnership\n'
                '  meets quarterly in march, june, september and december\n}\n\n')
    p = f"f{k}_"
    i = 0
    while out.count("\n") < lines:
        out += (f'body {p}b{i} "Board {i} of area {k}" {{\n  kind committee\n  reports to hub\n  meets quarterly in march, june, september and december\n}}\n\n'
                f'role {p}r{i} "Chair of board {i} of area {k}" {{\n  chair of {p}b{i}\n  appointed by hub\n}}\n\n'
                f'artefact {p}a{i} "Report {i} of area {k}" {{\n  produced by {p}b{i}\n}}\n\n'
                f'event {p}p{i} "Report {i} of area {k} is published"\n\n'
                f'duty {p}d{i} "Report {i} of area {k} to the hub" {{\n  clause {i + 1}.1\n  {p}b{i} submits {p}a{i} to hub\n  yearly in september\n}}\n\n'
                f'duty {p}e{i} "Review of report {i} of area {k}" {{\n  {p}a{i} reviewed to {p}b{i} by {p}r{i}\n  when {p}p{i}\n  within 28 days\n  after {p}d{i}\n}}\n\n')
        i += 1
    return out


def cpu_seconds(pid):
    """The CPU time a process has used (user and system), where /proc tells it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Server:
    """A `protogov lsp` child process spoken to over stdio."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length"):
                length = int(line.split(b":")[1])
        if length is None:
            sys.exit("the server closed its output")
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, method, uri=None):
        while True:
            message = self.receive()
            if message.get("method") == method and (
                uri is None or message["params"]["uri"] == uri
            ):
                return message


def main():
    args = sys.argv[1:]
    as_set = "--set" in args
    args = [a for a in args if a != "--set"]
    if len(args) != 1:
        sys.exit("usage: lsp_roundtrip.py PATH/TO/protogov [--set]")
    params = {"capabilities": {}}
    if as_set:
        folder = tempfile.TemporaryDirectory()
        root = pathlib.Path(folder.name)
        files = 200
        total = 0
        for k in range(files):
            body = member(k, 300)
            total += body.count("\n")
            (root / f"area-{k:03}.proto-gov").write_text(body, encoding="utf-8")
        path = root / f"area-{files // 2:03}.proto-gov"
        text = path.read_text(encoding="utf-8")
        uri = path.as_uri()
        params["rootUri"] = root.as_uri()
        params["workspaceFolders"] = [{"uri": root.as_uri(), "name": "set"}]
        size = f"a set of {files} files, {total} lines"
    else:
        text = protocol(5_000)
        uri = "file:///big.proto-gov"
        size = f"{len(text.split(chr(10)))} lines"
    server = Server(args[0])
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
    while server.receive().get("id") != 1:
        pass
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "protogov", "version": 1, "text": text}},
    })
    server.wait_for("textDocument/publishDiagnostics", uri)
    lines = text.split("\n")
    kinds = [i for i, line in enumerate(lines) if line.strip().startswith("kind")]
    target = kinds[5 if as_set else 100]
    times = []
    cpu_before = cpu_seconds(server.proc.pid)
    for version in range(2, 62):
        word = "kund" if version % 2 == 0 else "kind"
        start = time.perf_counter()
        server.send({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": target, "character": 2},
                              "end": {"line": target, "character": 6}},
                    "text": word,
                }],
            },
        })
        published = server.wait_for("textDocument/publishDiagnostics", uri)
        times.append((time.perf_counter() - start) * 1000)
        expected = 1 if word == "kund" else 0
        got = len(published["params"]["diagnostics"])
        if got != expected:
            sys.exit(f"version {version}: {got} diagnostics, expected {expected}")
    cpu_after = cpu_seconds(server.proc.pid)
    requests = time_requests(server, uri, target, len(lines))
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while server.receive().get("id") != 2:
        pass
    server.send({"jsonrpc": "2.0", "method": "exit"})
    status = server.proc.wait(timeout=10)
    times.sort()
    print(
        f"{size}, {len(times)} changes: median {times[len(times) // 2]:.2f} ms, "
        f"90th percentile {times[int(len(times) * 0.9)]:.2f} ms, slowest {times[-1]:.2f} ms; "
        f"server exit status {status}"
    )
    if cpu_before is not None and cpu_after is not None:
        print(f"server CPU time per change: {(cpu_after - cpu_before) * 1000 / len(times):.1f} ms")
    for line in requests:
        print(line)


def time_requests(server, uri, target, count):
    """With line `target` misspelt again, time 30 of each: the code actions at it, the
    inlay hints of the 60 lines around it and of the whole file."""
    server.send({
        "jsonrpc": "2.0",
        "method": "textDocument/didChange",
        "params": {
            "textDocument": {"uri": uri, "version": 100},
            "contentChanges": [{
                "range": {"start": {"line": target, "character": 2},
                          "end": {"line": target, "character": 6}},
                "text": "kund",
            }],
        },
    })
    server.wait_for("textDocument/publishDiagnostics", uri)

    def lines(a, b):
        return {"start": {"line": a, "character": 0}, "end": {"line": b, "character": 0}}

    at = lines(target, target)
    at["end"]["character"] = 6
    out = []
    next_id = 1000
    for name, method, params in [
        ("code actions at the misspelt line", "textDocument/codeAction",
         {"textDocument": {"uri": uri}, "range": at, "context": {"diagnostics": []}}),
        ("inlay hints of 60 lines", "textDocument/inlayHint",
         {"textDocument": {"uri": uri}, "range": lines(max(target - 30, 0), target + 30)}),
        ("inlay hints of the whole file", "textDocument/inlayHint",
         {"textDocument": {"uri": uri}, "range": lines(0, count + 1)}),
    ]:
        times = []
        for _ in range(30):
            next_id += 1
            start = time.perf_counter()
            server.send({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params})
            while (reply := server.receive()).get("id") != next_id:
                pass
            times.append((time.perf_counter() - start) * 1000)
        if not reply.get("result"):
            sys.exit(f"{name}: nothing returned: {reply}")
        times.sort()
        out.append(f"{name}: {len(reply['result'])} returned, median {times[15]:.2f} ms, "
                   f"slowest {times[-1]:.2f} ms")
    return out


if __name__ == "__main__":
    main()
