#!/usr/bin/env python3
"""A stand-in OTLP/HTTP collector for TRACING=1 bench/harness.sh: accepts every POST, counts bodies
and bytes, answers 200 with an empty protobuf. Prints the counts when it stops (SIGTERM)."""
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1]) if len(sys.argv) > 1 else 4318
stats = {"requests": 0, "bytes": 0}


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        stats["requests"] += 1
        stats["bytes"] += length
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", port), Sink)


def stop(*_):
    print(f"otlp_sink requests={stats['requests']} bytes={stats['bytes']}", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
server.serve_forever()
