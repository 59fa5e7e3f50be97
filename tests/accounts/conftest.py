"""Helpers for the account tests: reading links out of mails that arrived on the loopback SMTP server."""

import re

import pytest

LINK_RE = re.compile(r"https?://[^\s\"<>]+")


def link_in(smtp, message, contains: str) -> str:
    """The path of the first link in the text part of `message` that contains `contains`."""
    for url in LINK_RE.findall(smtp.text(message)):
        if contains in url:
            return "/" + url.split("/", 3)[3]
    raise AssertionError(f"no link with {contains!r} in: {smtp.text(message)}")


@pytest.fixture
def mails(smtp, django_capture_on_commit_callbacks):
    """`with mails(): client.post(...)` runs the request's on-commit hooks, so its mail reaches `smtp`."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture
