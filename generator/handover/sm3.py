"""SM3 (GB/T 32905-2016), the digest Chinese archival rules cite beside SHA-256.

OpenSSL 3 provides SM3 in its default provider (Debian 12, and the python.org builds): ``hashlib.new("sm3")``
runs at hundreds of MB/s. It is used only after it gives the standard's published test vectors; where the
system's OpenSSL lacks SM3 (built with ``no-sm3``) or gives anything else, the pure-Python ``gmssl`` library
takes over — correct, but about a thousand times slower (docs/handover.md has the figures).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

# GB/T 32905-2016, appendix A: the 3-byte and the 64-byte example messages and their digests.
TEST_VECTORS: tuple[tuple[bytes, str], ...] = (
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
)


class Digest(Protocol):
    """What hashlib's objects offer and the fallback imitates."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


class GmsslSM3:
    """SM3 from the ``gmssl`` library, with hashlib's ``update``/``hexdigest``. gmssl hashes a whole message
    at once, so the parts are kept until the digest is asked for."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def update(self, data: bytes, /) -> None:
        self._parts.append(bytes(data))

    def hexdigest(self) -> str:
        from gmssl import func, sm3  # noqa: PLC0415 — only where OpenSSL has no SM3

        digest: str = sm3.sm3_hash(func.bytes_to_list(b"".join(self._parts)))
        return digest


def _openssl_sm3() -> Digest:
    return hashlib.new("sm3")


def gives_test_vectors(make: Callable[[], Digest]) -> bool:
    """Whether ``make()`` digests the standard's example messages to the published values."""
    for message, expected in TEST_VECTORS:
        try:
            digest = make()
        except ValueError:  # hashlib: unsupported hash type
            return False
        digest.update(message)
        if digest.hexdigest() != expected:
            return False
    return True


@lru_cache(maxsize=1)
def implementation() -> Callable[[], Digest]:
    """The fastest SM3 that gives the test vectors: OpenSSL's through hashlib, else gmssl's."""
    return _openssl_sm3 if gives_test_vectors(_openssl_sm3) else GmsslSM3


def implementation_name() -> str:
    return "OpenSSL" if implementation() is _openssl_sm3 else "gmssl"


def new() -> Digest:
    """A new SM3 digest (see :func:`implementation`)."""
    return implementation()()


def sm3_hex(data: bytes) -> str:
    digest = new()
    digest.update(data)
    return digest.hexdigest()
