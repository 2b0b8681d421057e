"""AES-GCM encryption at rest with key ids, so keys can be rotated.

A stored value looks like ``sp1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>``. The key id
travels with the ciphertext, so old rows stay readable after `safepost keys rotate` adds a new
current key, and the rotation re-encrypts them under it. The associated data binds a ciphertext
to its column (``"accounts.User.totp_secret"``): a value copied into another column fails to
decrypt.

The keyring file is JSON: ``{"current": "k2", "keys": {"k1": "<base64 32 bytes>", ...}}``.
No Django import.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "sp1"
NONCE_BYTES = 12


class KeyringError(Exception):
    """The keyring file is missing or malformed, or a value cannot be decrypted."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Keyring:
    current: str
    keys: dict[str, bytes] = field(default_factory=dict)

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def generate(cls) -> "Keyring":
        return cls(current="k1", keys={"k1": AESGCM.generate_key(bit_length=256)})

    @classmethod
    def loads(cls, text: str) -> "Keyring":
        try:
            obj = json.loads(text)
            keys = {str(k): base64.b64decode(v, validate=True) for k, v in obj["keys"].items()}
            current = str(obj["current"])
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise KeyringError(f"the keyring is not valid JSON of the form "
                               f'{{"current": ID, "keys": {{ID: BASE64}}}} ({type(e).__name__})') from None
        if current not in keys:
            raise KeyringError(f"the keyring's current key {current!r} is not among its keys")
        for kid, key in keys.items():
            if len(key) != 32:
                raise KeyringError(f"key {kid!r} is {len(key)} bytes; AES-256-GCM needs 32")
            if ":" in kid:
                raise KeyringError(f"key id {kid!r} must not contain ':'")
        return cls(current=current, keys=keys)

    @classmethod
    def load(cls, path: Path) -> "Keyring":
        try:
            return cls.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyringError(f"no keyring at {path}; `safepost migrate` or `safepost serve` "
                               f"creates one, or set SAFEPOST_KEYS_FILE") from None

    def dumps(self) -> str:
        return json.dumps({"current": self.current,
                           "keys": {k: base64.b64encode(v).decode("ascii") for k, v in self.keys.items()}},
                          indent=2) + "\n"

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(self.dumps())
        os.replace(tmp, path)

    def with_new_key(self) -> "Keyring":
        """A copy with a fresh key made current (the old ones stay, to decrypt old rows)."""
        n = 1
        while f"k{n}" in self.keys:
            n += 1
        kid = f"k{n}"
        return Keyring(current=kid, keys={**self.keys, kid: AESGCM.generate_key(bit_length=256)})

    # -- use ---------------------------------------------------------------------------------
    def encrypt(self, plaintext: str, aad: str) -> str:
        nonce = secrets.token_bytes(NONCE_BYTES)
        ct = AESGCM(self.keys[self.current]).encrypt(nonce, plaintext.encode("utf-8"), aad.encode())
        return f"{PREFIX}:{self.current}:{_b64(nonce + ct)}"

    def decrypt(self, stored: str, aad: str) -> str:
        try:
            prefix, kid, body = stored.split(":", 2)
        except ValueError:
            raise KeyringError("stored value is not SafePost ciphertext") from None
        if prefix != PREFIX:
            raise KeyringError("stored value is not SafePost ciphertext")
        if kid not in self.keys:
            raise KeyringError(f"no key {kid!r} in the keyring (was it removed before rotation?)")
        raw = _unb64(body)
        try:
            return AESGCM(self.keys[kid]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode()).decode("utf-8")
        except InvalidTag:
            raise KeyringError(f"ciphertext failed authentication under key {kid!r} "
                               f"(tampered, or moved from another column)") from None

    @staticmethod
    def key_id_of(stored: str) -> str | None:
        parts = stored.split(":", 2)
        return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None
