"""A small SMTP server for the drills: it keeps every message it accepted, and can be
made slow to accept, so that a worker can be killed in the middle of sending one."""

from __future__ import annotations

import email
import select
import socket
import socketserver
import threading
import time
from email import policy


class SmtpSink:
    def __init__(self, port: int):
        self.messages: list[email.message.EmailMessage] = []
        self.delay = 0.0  # seconds to wait before accepting a message's data
        self.in_data = threading.Event()  # set when a client is sending a message
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def peer_gone(self) -> bool:
                readable, _, _ = select.select([self.connection], [], [], 0)
                return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""

            def handle(self) -> None:
                self.reply("220 smoke ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 smoke")
                    elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        data = bytearray()
                        while True:
                            chunk = self.rfile.readline()
                            if not chunk:
                                return  # the sender died mid-message: nothing accepted
                            if chunk in (b".\r\n", b".\n"):
                                break
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        sink.in_data.set()
                        deadline = time.monotonic() + sink.delay
                        while time.monotonic() < deadline:
                            time.sleep(0.05)
                        if self.peer_gone():
                            return  # the sender died while we waited: not accepted
                        message = email.message_from_bytes(bytes(data), policy=policy.default)
                        self.reply("250 queued")
                        with sink.lock:
                            sink.messages.append(message)
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, to: str | None = None) -> int:
        with self.lock:
            if to is None:
                return len(self.messages)
            return sum(1 for m in self.messages if to in (m.get("To") or ""))
