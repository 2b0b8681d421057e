"""Ed25519 signatures for audit entries and signed tree heads. No Django import.

The installation's signing key is a PEM file (PKCS#8) kept outside the database
(`SAFEPOST_AUDIT_KEY_FILE`, default `<data dir>/audit_signing_key.pem`), created readable by
the owner only (0600) on first use. Whoever can change the database but cannot read this file
cannot forge an entry, re-hash a chain or sign a tree head; an outsider checks everything with
the public key alone (`safepost audit pubkey`).

Every signature is over a context string and a message, so an entry's signature can never be
passed off as a tree head's or the other way round.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

if TYPE_CHECKING:
    from safepost.app.audit.heads import Head

ENTRY_CONTEXT = b"safepost audit entry v2\n"
HEAD_CONTEXT = b"safepost audit tree head v1\n"


class SigningKeyError(Exception):
    """The signing or public key file is missing, unreadable or not an Ed25519 key."""


def _write_private_once(path: Path, data: bytes) -> None:
    """Write `data` to `path` (0600) unless it exists; atomic, so concurrent first uses agree."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass                                  # another process won the race: use its key
    finally:
        tmp.unlink(missing_ok=True)


@lru_cache(maxsize=4)
def load_or_create_private_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        _write_private_once(path, pem)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as e:
        raise SigningKeyError(f"cannot read the audit signing key {path} ({type(e).__name__}); it must be an "
                              f"unencrypted PKCS#8 PEM Ed25519 key, or point SAFEPOST_AUDIT_KEY_FILE "
                              f"elsewhere") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"the audit signing key {path} is not an Ed25519 key")
    return key


def public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_public_key(pem: bytes, source: str = "the public key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as e:
        raise SigningKeyError(f"{source} is not a PEM public key ({type(e).__name__}); "
                              f"get it with `safepost audit pubkey`") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{source} is not an Ed25519 key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """"sha256:" and the hex SHA-256 of the raw 32-byte public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def sign(key: Ed25519PrivateKey, context: bytes, message: bytes) -> str:
    return base64.b64encode(key.sign(context + message)).decode("ascii")


def verify(key: Ed25519PublicKey, context: bytes, message: bytes, signature: str | None) -> bool:
    if not signature or not isinstance(signature, str):
        return False
    try:
        key.verify(base64.b64decode(signature, validate=True), context + message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def sign_entry(key: Ed25519PrivateKey, entry_hash: str) -> str:
    return sign(key, ENTRY_CONTEXT, bytes.fromhex(entry_hash))


def entry_signature_ok(key: Ed25519PublicKey, entry_hash: str, signature: str | None) -> bool:
    try:
        message = bytes.fromhex(entry_hash)
    except ValueError:
        return False
    return verify(key, ENTRY_CONTEXT, message, signature)


def sign_head(key: Ed25519PrivateKey, head: "Head") -> str:
    return sign(key, HEAD_CONTEXT, head.message())


def head_signature_ok(key: Ed25519PublicKey, head: "Head") -> bool:
    return verify(key, HEAD_CONTEXT, head.message(), head.signature)
