"""A real SMTP server on loopback (aiosmtpd) whose inbox tests read. Use the `smtp` fixture (tests/conftest.py)."""

from __future__ import annotations

import email.message
import socket

from aiosmtpd.handlers import Message


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message):
        self.messages.append(message)

    def to(self, address: str) -> list[email.message.Message]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def parts(message) -> dict[str, str]:
        """{"text/plain": ..., "text/html": ...} of a message, decoded."""
        found = {}
        for part in message.walk() if message.is_multipart() else [message]:
            if part.get_content_type() in ("text/plain", "text/html"):
                payload = part.get_payload(decode=True)
                found[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
        return found

    def text(self, message) -> str:
        return self.parts(message).get("text/plain", "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
