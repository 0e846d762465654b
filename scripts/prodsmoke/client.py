"""A small HTTPS client for the drills: its own source address (127.0.0.x, so that the
proxy sees different clients), a cookie jar, and a form reader that fills a page's form
the way a person would."""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""

    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str, bool]] = field(
        default_factory=list
    )  # name, kind, value, checked
    options: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)

    def values(self, overrides: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """What a person submitting it unchanged would send, with `overrides` typed in:
        hidden values kept, the first choice of every radio group and select (a person
        fills a required list), empty
        text left empty (the honeypot stays empty)."""
        overrides = dict(overrides or {})
        out, radios = [], set()
        for name, kind, value, checked in self.fields:
            if not name or kind in ("submit", "button", "image", "reset", "file"):
                continue
            if name in overrides:
                if kind in ("radio", "checkbox") and name in radios:
                    continue
                radios.add(name)
                out.append((name, overrides[name]))
                continue
            if kind == "radio":
                if name not in radios:
                    radios.add(name)
                    out.append((name, value))
            elif kind == "checkbox":
                if checked:
                    out.append((name, value or "on"))
            else:
                out.append((name, value))
        for name, options in self.options.items():
            if name in overrides:
                out.append((name, overrides[name]))
                continue
            chosen = [v for v, selected in options if selected and v] or [
                v for v, _ in options if v
            ]
            if chosen:
                out.append((name, chosen[0]))
        return out


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            )
        elif not self.forms:
            return
        elif tag == "input":
            self.forms[-1].fields.append(
                (
                    a.get("name", ""),
                    a.get("type", "text").lower(),
                    a.get("value", ""),
                    "checked" in a,
                )
            )
        elif tag == "select":
            self._select = a.get("name", "")
            self.forms[-1].options[self._select] = []
        elif tag == "option" and self._select is not None:
            self.forms[-1].options[self._select].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name", ""), []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1].fields.append((self._textarea, "textarea", "".join(self._text), False))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class Client:
    """One visitor: an address on the loopback network and the cookies the portal set."""

    def __init__(
        self, port: int, source: str = "127.0.0.1", host: str = "localhost", behind: int = 0
    ):
        """`behind`: talk plain HTTP to a gunicorn on that port as nginx would (saying
        X-Forwarded-Proto: https), with the origin of nginx at `port`."""
        self.port, self.source, self.host, self.behind = port, source, host, behind
        self.origin = f"https://{host}:{port}"
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE

    def request(
        self, method, path, body=b"", headers=None, timeout=30.0, scheme="https", port=None
    ):
        if self.behind:
            scheme, port = "http", self.behind
            headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if scheme == "https":
            conn = http.client.HTTPSConnection(
                "127.0.0.1",
                self.port,
                timeout=timeout,
                context=self.context,
                source_address=(self.source, 0),
            )
        else:
            conn = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=timeout, source_address=(self.source, 0)
            )
        sent = {"Host": self.host, "User-Agent": "prod-smoke"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        sent.update(headers or {})
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        response = Response(raw.status, raw.headers, data, time.monotonic() - started)
        for line in response.set_cookies():
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path, data: list[tuple[str, str]] | dict, **kw) -> Response:
        body = urlencode(data).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
        return self.request("POST", path, body=body, headers=headers, **kw)

    def form(self, path: str, action_endswith: str | None = None) -> tuple[Form, str]:
        """The page's POST form (the one whose action ends so, if given) and its URL."""
        page = self.get(path)
        if page.status != 200:
            raise RuntimeError(f"GET {path} answered {page.status}")
        candidates = []
        for form in forms_of(page.text):
            if form.method != "post":
                continue
            target = urljoin(path, form.action or path)
            if action_endswith is None or urlsplit(target).path.endswith(action_endswith):
                candidates.append((form, target))
        if not candidates:
            raise RuntimeError(f"no POST form on {path}")
        # The page's own form, not the navigation's logout button: the one with most fields.
        return max(candidates, key=lambda c: len(c[0].fields) + len(c[0].options))

    def submit(self, path, overrides=None, action_endswith=None, **kw) -> Response:
        """Open the page, fill its form like a person, send it; the POST is timed."""
        form, target = self.form(path, action_endswith)
        return self.post(target, form.values(overrides), **kw)

    def login(self, username: str, password: str = "matkhau123") -> Response:  # noqa: S107
        return self.submit("/accounts/login/", {"username": username, "password": password})
