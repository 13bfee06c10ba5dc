"""Keys and one-way functions for personal data: phone encryption, lookup hashes, pseudonyms."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cached_property

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _derive(secret: str, purpose: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(
        secret.encode("utf-8")
    )


@dataclass(frozen=True)
class PhoneVault:
    """Encrypts phone numbers at rest and derives the keyed hashes used to find and name them.

    - ``encrypt``/``decrypt``: Fernet (AES-128-CBC + HMAC) with a key derived from
      PHONE_ENCRYPTION_KEY, so a database dump alone reveals no number;
    - ``lookup_hash``: HMAC-SHA256 under a second derived key, to find a resident by number;
    - ``respondent_id``: HMAC-SHA256 under PSEUDONYM_KEY, the analysts' stable pseudonym.
    """

    phone_key: str
    pseudonym_key: str

    @cached_property
    def _fernet(self) -> Fernet:
        return Fernet(
            base64.urlsafe_b64encode(_derive(self.phone_key, b"feedback_bot phone at rest"))
        )

    @cached_property
    def _lookup_key(self) -> bytes:
        return _derive(self.phone_key, b"feedback_bot phone lookup")

    def encrypt(self, e164: str) -> str:
        return self._fernet.encrypt(e164.encode("ascii")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise ValueError(
                "phone number cannot be decrypted with this PHONE_ENCRYPTION_KEY"
            ) from None

    def lookup_hash(self, e164: str) -> str:
        return hmac.new(self._lookup_key, e164.encode("ascii"), hashlib.sha256).hexdigest()

    def respondent_id(self, e164: str) -> str:
        digest = hmac.new(self.pseudonym_key.encode("utf-8"), e164.encode("ascii"), hashlib.sha256)
        return digest.hexdigest()[:24]


def new_api_token() -> str:
    """A random bearer token (256 bits), shown once to its owner."""
    return "fbt_" + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    """Tokens are random and long, so a fast hash is enough (unlike passwords)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
