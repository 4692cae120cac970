"""The organisation's Ed25519 signing key and the published key set (JWKS).

Where the key comes from, first match wins:
1. ``FLEXPERF_BADGE_SIGNING_KEY`` (environment, or a Django setting of that name): the PEM text
   of a PKCS#8 Ed25519 private key, or the path of a file holding it.
2. ``<data folder>/badge_signing_key.pem``, generated on first use (mode 0600, created with
   O_EXCL so two processes starting at once cannot write two different keys).

Rotation: ``flexperf badges rotate-key`` renames the current file to
``badge_signing_key.<kid>.pem`` and generates a new one. Every ``badge_signing_key.*.pem`` (or
a file listed in ``FLEXPERF_BADGE_PREVIOUS_KEYS``, separated by the path separator) is a retired
key: it signs nothing any more, but its public key stays in the JWKS, so credentials and chain
entries it signed keep verifying. ``kid`` is the RFC 7638 JWK thumbprint.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from joserfc.jwk import OKPKey

KEY_ENV = "FLEXPERF_BADGE_SIGNING_KEY"
PREVIOUS_ENV = "FLEXPERF_BADGE_PREVIOUS_KEYS"
KEY_FILE = "badge_signing_key.pem"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey
    jwk: OKPKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


@dataclass(frozen=True)
class KeySet:
    current: SigningKey
    public_keys: dict[str, Ed25519PublicKey]  # kid → key, current and retired
    jwks: dict[str, Any]


_lock = threading.Lock()
_cache: dict[tuple[str, str, str], KeySet] = {}


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def _configured() -> str:
    return str(os.environ.get(KEY_ENV) or getattr(settings, KEY_ENV, "") or "")


def _previous_configured() -> str:
    return str(os.environ.get(PREVIOUS_ENV) or getattr(settings, PREVIOUS_ENV, "") or "")


def _pem_of(value: str) -> bytes:
    if value.lstrip().startswith("-----BEGIN"):
        return value.strip().encode() + b"\n"
    return Path(value).expanduser().read_bytes()


def _generate(path: Path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _load_private(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the badge signing key must be an Ed25519 private key")
    return key


def _load_public(pem: bytes) -> Ed25519PublicKey:
    if b"PRIVATE KEY" in pem:
        return _load_private(pem).public_key()
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("a retired badge key must be an Ed25519 key")
    return key


def public_jwk(key: Ed25519PublicKey) -> OKPKey:
    pem = key.public_bytes(serialization.Encoding.PEM,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return OKPKey.import_key(pem)


def _current_pem() -> bytes:
    configured = _configured()
    if configured:
        return _pem_of(configured)
    path = data_dir() / KEY_FILE
    if not path.exists():
        _generate(path)
    return path.read_bytes()


def _retired_pems() -> list[bytes]:
    pems = [p.read_bytes() for p in sorted(data_dir().glob("badge_signing_key.*.pem"))]
    for item in _previous_configured().split(os.pathsep):
        if item.strip():
            pems.append(_pem_of(item.strip()))
    return pems


def key_set() -> KeySet:
    """The current signing key and every public key a verifier may meet (cached per process;
    :func:`reset` after a rotation)."""
    marker = (str(data_dir()), _configured(), _previous_configured())
    found = _cache.get(marker)
    if found is not None:
        return found
    with _lock:
        private = _load_private(_current_pem())
        jwk = OKPKey.import_key(private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        current = SigningKey(kid=jwk.thumbprint(), private=private, jwk=jwk)
        publics: dict[str, Ed25519PublicKey] = {current.kid: current.public}
        for pem in _retired_pems():
            public = _load_public(pem)
            publics.setdefault(public_jwk(public).thumbprint(), public)
        keys = []
        for kid, public in publics.items():
            entry = dict(public_jwk(public).as_dict(private=False))
            entry.update({"kid": kid, "use": "sig", "alg": "EdDSA"})
            keys.append(entry)
        found = KeySet(current=current, public_keys=publics, jwks={"keys": keys})
        _cache[marker] = found
        return found


def reset() -> None:
    _cache.clear()


def rotate() -> tuple[str, str]:
    """Retire the data folder's key (kept as badge_signing_key.<kid>.pem) and generate a new
    one. Returns (old kid, new kid). Not possible when the key is given by setting."""
    if _configured():
        raise ValueError(f"the signing key is given by {KEY_ENV}; rotate it there")
    old = key_set().current
    path = data_dir() / KEY_FILE
    retired = data_dir() / f"badge_signing_key.{old.kid}.pem"
    os.replace(path, retired)
    reset()
    new = key_set().current
    return old.kid, new.kid
