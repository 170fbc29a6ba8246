"""HS256 JSON Web Tokens for the local authorizer (standard library only)."""

import base64
import hashlib
import hmac
import json
import time


class InvalidToken(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode(claims: dict, secret: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def issue(user_id: str, secret: bytes, issuer: str, audience: str, lifetime: int = 3600) -> str:
    now = int(time.time())
    return encode({"sub": user_id, "iss": issuer, "aud": audience, "iat": now, "nbf": now, "exp": now + lifetime}, secret)


def verify(token: str, secret: bytes, issuer: str, audience: str, leeway: int = 30) -> dict:
    """The token's claims, if its signature, issuer, audience and times are right; else InvalidToken."""
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(_unb64(header_part))
        claims = json.loads(_unb64(payload_part))
        signature = _unb64(signature_part)
    except (ValueError, TypeError):
        raise InvalidToken("malformed token") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise InvalidToken("unsupported token")
    expected = hmac.new(secret, f"{header_part}.{payload_part}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidToken("bad signature")
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if claims.get("iss") != issuer or audience not in audiences:
        raise InvalidToken("wrong issuer or audience")
    now = time.time()
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] + leeway < now:
        raise InvalidToken("token expired")
    if isinstance(claims.get("nbf"), (int, float)) and claims["nbf"] - leeway > now:
        raise InvalidToken("token not yet valid")
    return claims
