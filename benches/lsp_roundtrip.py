#!/usr/bin/env python3
"""From an edit to published diagnostics through the real `protogov lsp` process.

The criterion benchmark `benches/lsp.rs` times the same edit in process; this script adds
what it leaves out: JSON-RPC over stdio, the server's loop and the client reading the
notification. It opens the 5,000-line protocol that `benches/lsp.rs` generates, then
alternately misspells and restores one `kind` line 60 times, timing each change until its
`textDocument/publishDiagnostics` arrives.

    cargo build --release && python3 benches/lsp_roundtrip.py target/release/protogov
"""
import json
import subprocess
import sys
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

    def wait_for(self, method):
        while True:
            message = self.receive()
            if message.get("method") == method:
                return message


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: lsp_roundtrip.py PATH/TO/protogov")
    text = protocol(5_000)
    server = Server(sys.argv[1])
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while server.receive().get("id") != 1:
        pass
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file:///big.proto-gov"
    server.send({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "protogov", "version": 1, "text": text}},
    })
    server.wait_for("textDocument/publishDiagnostics")
    lines = text.split("\n")
    target = [i for i, line in enumerate(lines) if line.strip().startswith("kind")][100]
    times = []
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
        published = server.wait_for("textDocument/publishDiagnostics")
        times.append((time.perf_counter() - start) * 1000)
        expected = 1 if word == "kund" else 0
        got = len(published["params"]["diagnostics"])
        if got != expected:
            sys.exit(f"version {version}: {got} diagnostics, expected {expected}")
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while server.receive().get("id") != 2:
        pass
    server.send({"jsonrpc": "2.0", "method": "exit"})
    status = server.proc.wait(timeout=10)
    times.sort()
    print(
        f"{len(lines)} lines, {len(times)} changes: median {times[len(times) // 2]:.2f} ms, "
        f"90th percentile {times[int(len(times) * 0.9)]:.2f} ms, slowest {times[-1]:.2f} ms; "
        f"server exit status {status}"
    )


if __name__ == "__main__":
    main()
