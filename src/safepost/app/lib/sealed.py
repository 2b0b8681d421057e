"""A sealed file: a stream encrypted in chunks with AES-256-GCM under a key the operator keeps.

Layout (all integers big-endian):

    MAGIC  "SPSEALED1\\n"
    u32    length of the header, then the header (JSON: format, cipher, chunk size, nonce
           prefix, key fingerprint, and what the caller adds, e.g. the database engine)
    chunks u32 length, then AES-GCM(nonce = prefix(7) ‖ counter(4) ‖ last(1), data,
           associated data = MAGIC ‖ header)

The header is authenticated by every chunk (it is their associated data); the counter in the
nonce stops reordering and dropping chunks; the last-chunk flag stops truncation; bytes after
the last chunk are refused. This is the STREAM construction (Hoang, Reyhanitabar, Rogaway,
Vizár 2015). No Django import.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"SPSEALED1\n"
CHUNK = 1 << 20
PREFIX_BYTES = 7
MAX_HEADER = 64 * 1024
TAG_BYTES = 16


class SealedError(Exception):
    """The sealed file, or the key for it, is unusable; the message says what to do."""


def fingerprint(key: bytes) -> str:
    """A name for the key that reveals nothing about it (a domain-separated SHA-256 prefix)."""
    return hashlib.sha256(b"safepost sealed-file key\0" + key).hexdigest()[:16]


def new_key_text() -> str:
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii") + "\n"


def load_key(path: Path, label: str) -> bytes:
    """The 32-byte key in `path`: base64 text (as `safepost-admin backup-key` writes) or raw."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SealedError(f"cannot read {label} {path}: {e.strerror}") from None
    if len(raw) == 32:
        return raw
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise SealedError(f"{label} {path} must hold a 256-bit key: 32 bytes, or their base64 on one line "
                          f"(make one with `safepost-admin backup-key --out FILE`)")
    return key


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class SealingWriter:
    """A write-only file object: what is written comes out sealed on `out`. Call close()."""

    def __init__(self, out: BinaryIO, key: bytes, extra: dict | None = None, chunk: int = CHUNK):
        self._out, self._aes, self._chunk = out, AESGCM(key), chunk
        self._prefix = secrets.token_bytes(PREFIX_BYTES)
        header = {"format": 1, "cipher": "AES-256-GCM", "chunk": chunk,
                  "nonce_prefix": base64.b64encode(self._prefix).decode("ascii"),
                  "key": fingerprint(key), **(extra or {})}
        self._header = json.dumps(header, sort_keys=True).encode("utf-8")
        self._aad = MAGIC + self._header
        self._buf = bytearray()
        self._counter = 0
        self._closed = False
        out.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)

    def _emit(self, data: bytes, last: bool) -> None:
        if self._counter >= 2**32 - 1:
            raise SealedError("the stream is too long for one sealed file")
        ct = self._aes.encrypt(_nonce(self._prefix, self._counter, last), data, self._aad)
        self._out.write(struct.pack(">I", len(ct)) + ct)
        self._counter += 1

    def write(self, data) -> int:
        self._buf += data
        while len(self._buf) > self._chunk:   # keep at least one byte back for the last chunk
            self._emit(bytes(self._buf[:self._chunk]), last=False)
            del self._buf[:self._chunk]
        return len(data)

    def close(self) -> None:
        if not self._closed:
            self._emit(bytes(self._buf), last=True)
            self._buf.clear()
            self._closed = True

    def flush(self) -> None:
        pass


class OpeningReader:
    """A read-only file object over a sealed stream. Every byte it returns has been
    authenticated; at the end it checks that the last chunk was seen and nothing follows."""

    def __init__(self, src: BinaryIO, key: bytes):
        self._src = src
        if src.read(len(MAGIC)) != MAGIC:
            raise SealedError("not a SafePost backup (its first bytes are wrong)")
        (n,) = struct.unpack(">I", self._exact(4, "header length"))
        if n > MAX_HEADER:
            raise SealedError("the backup's header is damaged (too long)")
        raw = self._exact(n, "header")
        try:
            self.header = json.loads(raw)
            self._prefix = base64.b64decode(self.header["nonce_prefix"], validate=True)
            self._chunk = int(self.header["chunk"])
        except (ValueError, KeyError, TypeError):
            raise SealedError("the backup's header is damaged (not the JSON it should be)") from None
        if len(self._prefix) != PREFIX_BYTES or self.header.get("format") != 1:
            raise SealedError("the backup's header is damaged or of an unknown format")
        if self.header.get("key") != fingerprint(key):
            raise SealedError(f"this backup was sealed with the key whose fingerprint is {self.header.get('key')}; "
                              f"the --key-file given has fingerprint {fingerprint(key)}")
        self._aes, self._aad = AESGCM(key), MAGIC + raw
        self._buf = bytearray()
        self._counter = 0
        self._done = False

    def _exact(self, n: int, what: str) -> bytes:
        data = self._src.read(n)
        if len(data) != n:
            raise SealedError(f"the backup is truncated (it ends inside the {what}); it cannot be restored")
        return data

    def _next_chunk(self) -> None:
        (n,) = struct.unpack(">I", self._exact(4, f"length of chunk {self._counter}"))
        if n > self._chunk + TAG_BYTES:
            raise SealedError(f"the backup was altered: chunk {self._counter} has an impossible length")
        ct = self._exact(n, f"chunk {self._counter}")
        for last in (False, True):
            try:
                data = self._aes.decrypt(_nonce(self._prefix, self._counter, last), ct, self._aad)
            except InvalidTag:
                continue
            self._buf += data
            self._counter += 1
            if last:
                self._done = True
                if self._src.read(1):
                    raise SealedError("the backup was altered: bytes follow its last chunk")
            return
        raise SealedError(f"the backup was altered or damaged: chunk {self._counter} fails authentication "
                          f"(nothing was restored)")

    def read(self, n: int = -1) -> bytes:
        while (n < 0 or len(self._buf) < n) and not self._done:
            self._next_chunk()
        if n < 0:
            n = len(self._buf)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def finish(self) -> None:
        """Read to the end: raises SealedError unless the whole stream authenticates."""
        while not self._done:
            self._next_chunk()
            self._buf.clear()


def write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
