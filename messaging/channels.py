"""The channels a message goes out by: one `send(message) -> reference` each.

Both adapters POST JSON over HTTPS with the standard library (no new dependency) and
raise `SendError` when the message was not accepted; `permanent` errors (the request
itself is wrong: HTTP 4xx) are not tried again.

SMS: a brandname gateway. Vietnamese gateways differ in detail; this adapter sends the
shape most of them accept and the ward's contract can be mapped onto with settings:
    POST SMS_GATEWAY_URL
    Authorization: Bearer SMS_GATEWAY_API_KEY   (or HTTP Basic SMS_GATEWAY_USER/PASSWORD)
    {"phone": "84912345678", "message": "...", "brandname": SMS_BRANDNAME,
     "request_id": "portal-<message id>"}
and reads the answer's SMS_GATEWAY_CODE_FIELD ("code"): one of SMS_GATEWAY_SUCCESS_CODES
("0", "00", "100") means accepted; an answer without that field is accepted on HTTP 2xx.

Zalo: Zalo Notification Service (ZNS), "Gửi thông báo ZNS qua số điện thoại":
    POST https://business.openapi.zalo.me/message/template
    access_token: ZALO_ACCESS_TOKEN            (the Official Account's token)
    {"phone": "84912345678", "template_id": "...", "template_data": {...},
     "tracking_id": "portal-<message id>"}
answered {"error": 0, "message": "Success", "data": {"msg_id": "..."}}; a non-zero
`error` is a refusal (invalid token, phone not on Zalo, template not approved).
"""

from __future__ import annotations

import base64
import json
import unicodedata
import urllib.error
import urllib.request

from django.conf import settings

from messaging.models import Channel, Message


class SendError(Exception):
    def __init__(self, text: str, *, permanent: bool = False):
        super().__init__(text)
        self.permanent = permanent


def international(phone: str) -> str:
    """'0912345678' or '+84912345678' -> '84912345678' (the form both services take)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("84"):
        return digits
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


def unaccented(text: str) -> str:
    """Vietnamese without diacritics, case kept: most brandname routes are GSM-7 only."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _post(url: str, body: dict, headers: dict[str, str]) -> dict:
    if not url.startswith(("https://", "http://")):
        raise SendError(f"not an http(s) address: {url[:40]}", permanent=True)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        timeout = settings.MESSAGING_HTTP_TIMEOUT
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
        raise SendError(f"HTTP {exc.code}", permanent=permanent) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    return answer if isinstance(answer, dict) else {}


def sms_send(message: Message) -> str:
    if not settings.SMS_GATEWAY_URL:
        raise SendError("SMS_GATEWAY_URL is not set")
    headers = {}
    if settings.SMS_GATEWAY_API_KEY:
        headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_API_KEY}"
    elif settings.SMS_GATEWAY_USER:
        pair = f"{settings.SMS_GATEWAY_USER}:{settings.SMS_GATEWAY_PASSWORD}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    text = message.text if settings.SMS_UNICODE else unaccented(message.text)
    answer = _post(
        settings.SMS_GATEWAY_URL,
        {
            "phone": international(message.phone),
            "message": text,
            "brandname": settings.SMS_BRANDNAME,
            "request_id": f"portal-{message.pk}",
        },
        headers,
    )
    field = settings.SMS_GATEWAY_CODE_FIELD
    if field in answer and str(answer[field]) not in settings.SMS_GATEWAY_SUCCESS_CODES:
        detail = answer.get("message") or answer.get("error") or ""
        raise SendError(f"gateway code {answer[field]}: {detail}"[:500])
    return str(answer.get("id") or answer.get("message_id") or answer.get("request_id") or "")


def zalo_send(message: Message) -> str:
    if not settings.ZALO_ACCESS_TOKEN:
        raise SendError("ZALO_ACCESS_TOKEN is not set")
    if not message.template_id:
        raise SendError("no approved ZNS template for this event", permanent=True)
    body = {
        "phone": international(message.phone),
        "template_id": message.template_id,
        "template_data": message.data,
        "tracking_id": f"portal-{message.pk}",
    }
    if settings.ZALO_ZNS_DEVELOPMENT:
        # Zalo delivers only to the OA's administrators, free: for trying a template.
        body["mode"] = "development"
    answer = _post(settings.ZALO_ZNS_URL, body, {"access_token": settings.ZALO_ACCESS_TOKEN})
    error = answer.get("error", -1)
    if str(error) != "0":
        raise SendError(f"ZNS error {error}: {answer.get('message', '')}"[:500])
    return str((answer.get("data") or {}).get("msg_id") or "")


SENDERS = {Channel.SMS: sms_send, Channel.ZALO: zalo_send}


def channel_ready(channel: str, event: str) -> bool:
    """Configured enough to try: the gateway is set, and Zalo has a template for it."""
    if channel == Channel.SMS:
        return bool(settings.SMS_GATEWAY_URL)
    if channel == Channel.ZALO:
        return bool(settings.ZALO_ACCESS_TOKEN and settings.ZALO_TEMPLATES.get(event))
    return False
