"""Webhook secrets: generated here, shown once, stored encrypted (Fernet, with a key derived
from the installation's SECRET_KEY), and the HMAC-SHA256 signature a sender computes.

A sender signs ``f"{timestamp}.{body}"`` with the secret and sends the hex digest in
``X-Flexperf-Signature`` and the Unix time in ``X-Flexperf-Timestamp``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as random

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"flexperf.signals.webhook:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_secret() -> str:
    return "whsec_" + random.token_urlsafe(32)


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str | None:
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed: the secret must be rotated
        return None


def sign(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def matches(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature.strip().lower())
