#!/usr/bin/env python3
"""make prod-smoke: stand up the production shape on this machine and drill it.

Without docker, from the same commands the image and docker-compose run
(scripts/serve.sh): static files collected under production settings, a PostgreSQL
cluster and a Redis of its own on spare ports, gunicorn, a Celery worker and beat, and
nginx in front terminating TLS with a certificate made at start, configured from
deploy/nginx/portal.conf.template. Then, through nginx only: a browser journey, the
fault drills and the header checks. One line per check, then
`prod-smoke: N passed, M failed`; exit 1 when anything failed. Everything it started is
stopped by PID, whatever happens.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.prodsmoke.client import Client  # noqa: E402
from scripts.prodsmoke.smtp_sink import SmtpSink  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
WORK = ROOT / "var" / "prod-smoke"
CHROMIUM = "/usr/bin/chromium"
# The 503 page's heading, as the Vietnamese catalogue has it.
OUTAGE_PHRASE = "tạm thời"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001 - not up yet
            value = None
        if value:
            return value
        time.sleep(interval)
    return None


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        return ok


class Stack:
    """Every process the smoke started, stopped by PID at the end."""

    def __init__(self):
        WORK.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_dir = Path(tempfile.mkdtemp(prefix="portal-smoke-pg-"))
        self.ports = {
            k: free_port() for k in ("pg", "redis", "web", "https", "http", "smtp", "restored")
        }
        self.secret = secrets.token_urlsafe(60)
        self.pg_bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))[-1]).parent
        self.pg_user = "postgres" if os.geteuid() == 0 else None

    # --- processes -------------------------------------------------------------------
    def spawn(self, name: str, argv: list[str], env=None, user=None) -> subprocess.Popen:
        log = open(WORK / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the process
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=user,
        )
        self.procs[name] = proc
        return proc

    def stop(self, name: str, sig=signal.SIGTERM, timeout: float = 20) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            sig = signal.SIGINT if name == "postgres" else signal.SIGTERM
            self.stop(name, sig)
        shutil.rmtree(self.pg_dir, ignore_errors=True)

    # --- environment -----------------------------------------------------------------
    def app_env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        env.update(
            PATH=f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}",
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY=self.secret,
            ALLOWED_HOSTS="localhost,127.0.0.1",
            CSRF_TRUSTED_ORIGINS=f"https://localhost:{self.ports['https']}",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{self.ports['pg']}/portal",
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            EMAIL_URL=f"smtp://127.0.0.1:{self.ports['smtp']}",
            DEFAULT_FROM_EMAIL="cong-phuong@localhost",
            TRUSTED_PROXIES="127.0.0.1/32",
            PORTAL_VAR_DIR=str(WORK / "var"),
            BIND=f"127.0.0.1:{self.ports['web']}",
            WEB_CONCURRENCY="2",
            CELERY_CONCURRENCY="2",
            CELERY_BEAT_SCHEDULE_FILE=str(WORK / "celerybeat-schedule"),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def run(
        self, argv, env=None, check=True, user=None, timeout=600
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            argv,
            cwd=ROOT,
            env=env or self.app_env(),
            capture_output=True,
            text=True,
            user=user,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(map(str, argv))} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def fixture(self, *args) -> dict | list:
        out = self.run([str(VENV_BIN / "python"), "scripts/prodsmoke/fixtures.py", *map(str, args)])
        return json.loads(out.stdout.strip().splitlines()[-1])

    # --- services --------------------------------------------------------------------
    def postgres_init(self) -> None:
        if self.pg_user:
            uid = pwd.getpwnam(self.pg_user).pw_uid
            os.chown(self.pg_dir, uid, -1)
        self.run(
            [
                str(self.pg_bin / "initdb"),
                "-D",
                str(self.pg_dir / "data"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            user=self.pg_user,
        )

    def postgres_start(self) -> None:
        self.spawn(
            "postgres",
            [
                str(self.pg_bin / "postgres"),
                "-D",
                str(self.pg_dir / "data"),
                "-p",
                str(self.ports["pg"]),
                "-k",
                str(self.pg_dir),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=50",
            ],
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
            user=self.pg_user,
        )
        ok = wait_for(
            lambda: (
                subprocess.run(
                    ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.ports["pg"])]
                ).returncode
                == 0
            ),
            30,
        )
        if not ok:
            raise RuntimeError("PostgreSQL did not start")

    def redis_start(self) -> None:
        (WORK / "redis").mkdir(exist_ok=True)
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(WORK / "redis"),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--daemonize",
                "no",
            ],
        )
        if not wait_for(
            lambda: socket.create_connection(("127.0.0.1", self.ports["redis"]), 1), 10
        ):
            raise RuntimeError("Redis did not start")

    def nginx_config(self) -> Path:
        tls = WORK / "tls"
        tls.mkdir(exist_ok=True)
        self.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-keyout",
                str(tls / "privkey.pem"),
                "-out",
                str(tls / "fullchain.pem"),
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ],
            env={"PATH": "/usr/bin:/bin"},
        )
        values = {
            "PORTAL_SERVER_NAME": "localhost",
            "PORTAL_UPSTREAM": f"127.0.0.1:{self.ports['web']}",
            "PORTAL_HTTP_PORT": str(self.ports["http"]),
            "PORTAL_HTTPS_PORT": str(self.ports["https"]),
            "PORTAL_TLS_CERT": str(tls / "fullchain.pem"),
            "PORTAL_TLS_KEY": str(tls / "privkey.pem"),
            "PORTAL_ERROR_PAGES": str(ROOT / "deploy" / "nginx" / "errors"),
        }
        site = (ROOT / "deploy" / "nginx" / "portal.conf.template").read_text()
        for name, value in values.items():  # what the nginx image's envsubst does
            site = site.replace("${" + name + "}", value)
        (WORK / "portal.conf").write_text(site)
        temp = WORK / "nginx-temp"
        temp.mkdir(exist_ok=True)
        main = f"""
daemon off;
worker_processes 1;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {WORK}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {WORK}/portal.conf;
}}
"""
        path = WORK / "nginx.conf"
        path.write_text(main)
        return path

    def app_start(self, *names: str) -> None:
        for name in names:
            self.spawn(name, ["scripts/serve.sh", name], env=self.app_env())

    def healthy(self) -> bool:
        return Client(self.ports["https"]).get("/healthz", timeout=5).status == 200


# --- the checks ------------------------------------------------------------------------


def check_headers(stack: Stack, check: Checks) -> None:
    port = stack.ports["https"]
    anonymous = Client(port, source="127.0.0.20")
    home = anonymous.get("/")
    check("home page over HTTPS through nginx", home.status == 200, f"{home.status}")
    hsts = home.header("Strict-Transport-Security")
    check("HSTS", "max-age=31536000" in hsts, hsts)
    check(
        "X-Frame-Options", home.header("X-Frame-Options") == "DENY", home.header("X-Frame-Options")
    )
    check("X-Content-Type-Options nosniff", home.header("X-Content-Type-Options") == "nosniff")
    check(
        "Referrer-Policy",
        home.header("Referrer-Policy") == "same-origin",
        home.header("Referrer-Policy"),
    )
    csp = home.header("Content-Security-Policy")
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    check(
        "Content-Security-Policy: scripts from the portal only",
        "'self'" in script_src
        and "unsafe-inline" not in script_src
        and "frame-ancestors 'none'" in csp,
        script_src.strip(),
    )
    plain = anonymous.request("GET", "/dialogues/", scheme="http", port=stack.ports["http"])
    check(
        "plain HTTP is redirected to HTTPS",
        plain.status == 301 and plain.header("Location").startswith("https://"),
        f"{plain.status} {plain.header('Location')}",
    )
    health_http = anonymous.request("GET", "/healthz", scheme="http", port=stack.ports["http"])
    check("/healthz answers over plain HTTP (container health check)", health_http.status == 200)

    login_page = anonymous.get("/accounts/login/")
    csrf = [c for c in login_page.set_cookies() if c.startswith("csrftoken=")]
    check(
        "CSRF cookie is Secure and HttpOnly",
        bool(csrf) and "Secure" in csrf[0] and "HttpOnly" in csrf[0],
        csrf[0].split(";", 1)[-1].strip() if csrf else "no cookie",
    )
    office = Client(port, source="127.0.0.21")
    response = office.login("vanphong")
    session = [c for c in response.set_cookies() if c.startswith("sessionid=")]
    check(
        "session cookie is Secure and HttpOnly",
        bool(session) and "Secure" in session[0] and "HttpOnly" in session[0],
        session[0].split(";", 1)[-1].strip() if session else f"no cookie ({response.status})",
    )
    for label, path in [
        ("staff page", "/dashboard/"),
        ("document (PDF)", "/documents/sample.pdf"),
        ("export (Excel)", "/dialogues/opinions.xlsx"),
    ]:
        r = office.get(path)
        cache = r.header("Cache-Control")
        check(
            f"Cache-Control: no-store on a {label}",
            r.status == 200 and "no-store" in cache,
            f"{r.status} {cache}",
        )
    media = anonymous.get("/media/")
    check("no /media/ URL serves files", media.status == 404, f"{media.status}")


def check_body_limits(stack: Stack, check: Checks) -> None:
    port = stack.ports["https"]
    citizen = Client(port, source="127.0.0.30")
    form, target = citizen.form("/gop-y/")
    values = form.values({"content": "x" * 100_000})
    r = citizen.post(target, values)
    check(
        "a 100 kB feedback POST gets the app's Vietnamese 413",
        r.status == 413 and "Dữ liệu gửi quá lớn" in r.text,
        f"{r.status}",
    )
    big = b"x" * (20 * 1024 * 1024)
    r = citizen.request(
        "POST", "/gop-y/", body=big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    check(
        "a 20 MB POST is refused by nginx with a Vietnamese 413",
        r.status == 413 and "Dữ liệu gửi quá lớn" in r.text,
        f"{r.status}",
    )


def check_client_address(stack: Stack, check: Checks) -> None:
    """A stranger's wrong passwords lock only the stranger, even when he claims the real
    user's address in X-Forwarded-For or X-Real-IP; the rate limit counts him alone."""
    port = stack.ports["https"]
    real_address = "127.0.0.10"
    stranger = Client(port, source="127.0.0.66")
    spoof = {"X-Forwarded-For": real_address, "X-Real-IP": real_address}
    statuses = []
    for _ in range(6):
        form, target = stranger.form("/accounts/login/")
        r = stranger.post(
            target,
            form.values({"username": "phochutich", "password": "sai-mat-khau"}),
            headers=spoof,
        )
        statuses.append(r.status)
    check(
        "the stranger is locked out after 5 wrong passwords (429)",
        statuses[-1] == 429,
        f"statuses {statuses}",
    )
    real = Client(port, source=real_address)
    r = real.login("phochutich")
    check(
        "the real vice-chairman, through the same proxy, still logs in",
        r.status == 302 and r.header("Location").endswith("/dashboard/"),
        f"{r.status} {r.header('Location')}",
    )
    direct = Client(port, source="127.0.0.67")
    statuses = [
        direct.submit(
            "/tra-cuu/", {"receipt_code": "000000-XXXXXX", "phone_last4": "0000"}, headers=spoof
        ).status
        for _ in range(11)
    ]
    limited = direct.submit("/tra-cuu/", {"receipt_code": "000000-XXXXXX", "phone_last4": "0000"})
    other = Client(port, source="127.0.0.68").submit(
        "/tra-cuu/", {"receipt_code": "000000-XXXXXX", "phone_last4": "0000"}
    )
    check(
        "the look-up rate limit counts each client, not the proxy",
        statuses[:10] == [200] * 10
        and statuses[10] == 429
        and limited.status == 429
        and other.status == 200,
        f"the stranger {statuses + [limited.status]}, another citizen {other.status}",
    )


def browser_journey(stack: Stack, check: Checks, facts: dict) -> str | None:
    """The desk receives a dossier and prints the receipt; a citizen on a 360 px phone
    answers the survey and looks the dossier up; the chairman signs an apology letter."""
    import io

    import pdfplumber
    from playwright.sync_api import sync_playwright

    base = f"https://localhost:{stack.ports['https']}"
    receipt_code = None
    console_errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
        )

        def context(**kw):
            ctx = browser.new_context(base_url=base, ignore_https_errors=True, locale="vi-VN", **kw)
            ctx.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
            return ctx

        def login(page, username):
            page.goto("/accounts/login/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill("matkhau123")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url("**/dashboard/")

        # The desk officer.
        desk = context().new_page()
        login(desk, "motcua")
        desk.goto("/onestop/receive/")
        # Choosing the procedure reloads the page with its list of papers.
        with desk.expect_navigation():
            desk.select_option("select[name=procedure]", index=1)
        desk.fill("input[name=applicant_name]", "Nguyễn Thị Hạnh")
        desk.fill("input[name=applicant_id_number]", "001190012345")
        desk.fill("input[name=applicant_phone]", "0912345678")
        desk.fill("[name=applicant_address]", "Tổ dân phố 3")
        for box in desk.locator("input[type=checkbox][name$='-handed']").all():
            box.check()  # every paper of the list handed in
        desk.locator("input[type=text][name$='-name']").first.fill("Giấy ủy quyền")
        desk.locator("main form button[name=receive]").click()
        desk.wait_for_url("**/onestop/*-*/")
        receipt_code = desk.url.rstrip("/").rsplit("/", 1)[-1]
        check("browser: the desk receives a dossier", "-" in receipt_code, receipt_code)
        pdf = desk.request.get(f"/onestop/{receipt_code}/receipt.pdf")
        text = ""
        if pdf.ok:
            with pdfplumber.open(io.BytesIO(pdf.body())) as doc:
                text = "\n".join(page.extract_text() or "" for page in doc.pages)
        check(
            "browser: the desk prints the receipt (PDF with the code)",
            pdf.ok and receipt_code in text and "no-store" in pdf.headers.get("cache-control", ""),
            f"{pdf.status}, {len(pdf.body()) if pdf.ok else 0} bytes",
        )

        # A citizen on a phone.
        phone = context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
        phone.goto(f"/ks/{facts['survey']}/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        for fieldset in phone.locator("form fieldset").all():
            labels = fieldset.locator("input[type=radio] + label, label:has(input[type=radio])")
            if labels.count():
                labels.first.click()
        phone.locator("form button[type=submit]").click()
        phone.wait_for_url("**?sent=1")
        check(
            "browser: a citizen on a 360 px phone submits a ballot",
            width <= 360,
            f"page width {width}px",
        )
        phone.goto("/tra-cuu/")
        phone.fill("input[name=receipt_code]", receipt_code)
        phone.fill("input[name=phone_last4]", "5678")
        phone.locator("main form button[type=submit]").click()
        phone.wait_for_load_state()
        body = phone.locator("main").inner_text()
        check(
            "browser: the citizen looks the dossier up (no name shown)",
            receipt_code in body and "Nguyễn Thị Hạnh" not in body,
            body.split("\n")[0][:60],
        )

        # The chairman signs.
        chair = context().new_page()
        login(chair, "chutich")
        chair.on("dialog", lambda d: d.accept())
        letter = facts["letters"][0]
        chair.goto(f"/onestop/apology/{letter}/")
        chair.locator(f"form[action$='/apology/{letter}/sign/'] button").click()
        chair.wait_for_load_state()
        chair.goto(f"/onestop/apology/{letter}/")
        signed = chair.locator("main").inner_text()
        letter_pdf = chair.request.get(f"/onestop/apology/{letter}/letter.pdf")
        check(
            "browser: the chairman signs an apology letter",
            "đã ký" in signed.lower() and letter_pdf.ok,
            f"PDF {letter_pdf.status}",
        )
        browser.close()
    csp_errors = [e for e in console_errors if "Content Security Policy" in e]
    check(
        "browser: no Content-Security-Policy violation on the journey",
        not csp_errors,
        "; ".join(csp_errors)[:200],
    )
    return receipt_code


def drill_redis(stack: Stack, check: Checks, facts: dict, sink: SmtpSink) -> None:
    port = stack.ports["https"]
    desk, chair = Client(port, source="127.0.0.40"), Client(port, source="127.0.0.41")
    desk.login("motcua")
    chair.login("chutich")
    before = stack.fixture("facts")
    stack.stop("redis")
    health = Client(port).get("/healthz")
    check(
        "Redis down: /healthz says redis: error with 503",
        health.status == 503 and '"redis": "error"' in health.text,
        f"{health.status} {health.text}",
    )
    citizen = Client(port, source="127.0.0.42")
    letter, opinion = facts["letters"][1], facts["opinions_redis"]
    acts = [
        ("a public ballot", lambda: citizen.submit(f"/ks/{facts['survey']}/")),
        (
            "a feedback form",
            lambda: citizen.submit(
                "/gop-y/",
                {
                    "content": "Đề nghị niêm yết thêm thủ tục đất đai.",
                    "citizen_phone": "0987654321",
                },
            ),
        ),
        (
            "a look-up",
            lambda: citizen.submit(
                "/tra-cuu/",
                {"receipt_code": facts["case"], "phone_last4": facts["case_phone"][-4:]},
            ),
        ),
        (
            "receiving a dossier",
            lambda: desk.submit(
                "/onestop/receive/",
                {
                    "applicant_name": "Trần Văn Bình",
                    "applicant_id_number": "001090054321",
                    "applicant_phone": "0901234567",
                    "applicant_address": "Tổ 5",
                    "papers-0-name": "Đơn",
                    "papers_note": "Nộp bổ sung sau",
                },
            ),
        ),
        (
            "a leader signing a letter",
            lambda: chair.submit(
                f"/onestop/apology/{letter}/", action_endswith=f"/apology/{letter}/sign/"
            ),
        ),
        (
            "a leader approving an answer",
            lambda: chair.submit(f"/dialogues/opinions/{opinion}/", action_endswith="/approve/"),
        ),
    ]
    timings = {}
    for name, act in acts:
        try:
            r = act()
            ok = (
                r.status in (200, 302)
                and r.seconds < 2.0
                and "/accounts/" not in r.header("Location")
            )
            timings[name] = r.seconds
            check(
                f"Redis down: {name} succeeds in under 2 s",
                ok,
                f"{r.status} {r.header('Location')} in {r.seconds:.2f} s",
            )
        except Exception as exc:  # noqa: BLE001
            check(f"Redis down: {name} succeeds in under 2 s", False, repr(exc)[:200])
    stranger = Client(port, source="127.0.0.77")
    statuses = []
    for _ in range(6):
        form, target = stranger.form("/accounts/login/")
        statuses.append(
            stranger.post(target, form.values({"username": "vanphong", "password": "sai"})).status
        )
    check("Redis down: the login lockout still holds", statuses[-1] == 429, f"{statuses}")
    during = stack.fixture("facts")
    check(
        "Redis down: ballot and dossier saved, two emails kept in the outbox",
        during["ballots"] == before["ballots"] + 1
        and during["cases"] == before["cases"] + 1
        and during["outbox_unsent"] >= 2,
        f"ballots +{during['ballots'] - before['ballots']}, dossiers +{during['cases'] - before['cases']}, "
        f"outbox unsent {during['outbox_unsent']}",
    )
    back = time.monotonic()
    stack.redis_start()
    addresses = ["redis-letter@example.com", "redis-answer@example.com"]
    arrived = wait_for(lambda: all(sink.count(a) >= 1 for a in addresses), 150, 1)
    seconds = time.monotonic() - back
    time.sleep(5)
    counts = {a: sink.count(a) for a in addresses}
    check(
        "Redis back: each kept email goes out exactly once (outbox sweep)",
        bool(arrived) and all(n == 1 for n in counts.values()),
        f"{counts} after {seconds:.0f} s",
    )
    after = stack.fixture("facts")
    check(
        "Redis back: the outbox is empty",
        after["outbox_unsent"] == 0,
        f"{after['outbox_unsent']} unsent",
    )
    check("Redis back: /healthz is 200 again", bool(wait_for(stack.healthy, 20)))
    worst = max(timings.values()) if timings else 0
    print(
        f"     (slowest request while Redis was down: {worst:.2f} s; emails out {seconds:.0f} s after Redis returned)"
    )


def drill_worker_kill(stack: Stack, check: Checks, facts: dict, sink: SmtpSink) -> None:
    port = stack.ports["https"]
    chair = Client(port, source="127.0.0.50")
    chair.login("chutich")
    letter = facts["letters"][2]
    sink.delay = 8.0
    sink.in_data.clear()
    r = chair.submit(f"/onestop/apology/{letter}/", action_endswith=f"/apology/{letter}/sign/")
    sending = sink.in_data.wait(30)
    worker = stack.procs["worker"]
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(worker.pid)], capture_output=True, text=True
    ).stdout.split()
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    killed = time.monotonic()
    sink.delay = 0.0
    check(
        "worker killed (SIGKILL) while sending an email",
        r.status == 302 and sending and bool(children),
        f"{len(children)} pool processes killed",
    )
    arrived = wait_for(lambda: sink.count("kill@example.com") >= 1, 90, 0.5)
    seconds = time.monotonic() - killed
    time.sleep(8)
    n = sink.count("kill@example.com")
    check(
        "the task runs again: the email goes out exactly once",
        bool(arrived) and n == 1,
        f"{n} email(s), {seconds:.0f} s after the kill",
    )
    check("the worker is still up", worker.poll() is None)


def drill_postgres_restart(stack: Stack, check: Checks) -> None:
    port = stack.ports["https"]
    web_pid = stack.procs["web"].pid
    results: list[tuple[int, str]] = []
    stop = threading.Event()

    def hammer():
        client = Client(port, source="127.0.0.60")
        while not stop.is_set():
            try:
                r = client.get("/", timeout=10)
                results.append((r.status, r.text))
            except Exception as exc:  # noqa: BLE001
                results.append((0, repr(exc)))
            time.sleep(0.1)

    thread = threading.Thread(target=hammer)
    thread.start()
    time.sleep(1.5)
    stack.stop("postgres", signal.SIGINT)
    time.sleep(3)
    stack.postgres_start()
    restarted = time.monotonic()
    recovered = wait_for(lambda: results and results[-1][0] == 200, 30, 0.1)
    recovery = time.monotonic() - restarted
    time.sleep(1.5)
    stop.set()
    thread.join()
    statuses = [s for s, _ in results]
    outage = [t for s, t in results if s == 503]
    check(
        "PostgreSQL restarted: no 500 and no traceback, only 200 or the 503 page",
        all(s in (200, 503) for s in statuses) and all(OUTAGE_PHRASE in t for t in outage),
        f"{len(statuses)} requests: {statuses.count(200)} × 200, {len(outage)} × 503, "
        f"others {[s for s in statuses if s not in (200, 503)][:5]}",
    )
    check(
        "PostgreSQL restarted: requests during the outage got the Vietnamese 503 page", bool(outage)
    )
    check(
        "PostgreSQL restarted: the app recovers without a restart",
        bool(recovered) and stack.procs["web"].pid == web_pid and stack.procs["web"].poll() is None,
        f"200 again {recovery:.1f} s after PostgreSQL was back",
    )


def drill_double_beat(stack: Stack, check: Checks) -> None:
    stack.stop("beat")
    cases = stack.fixture("late", 5)
    fast = stack.app_env(PORTAL_BEAT_EVERY_SECONDS="2")
    for n in (1, 2):
        env = {**fast, "CELERY_BEAT_SCHEDULE_FILE": str(WORK / f"celerybeat-schedule-{n}")}
        stack.spawn(f"beat{n}", ["scripts/serve.sh", "beat"], env=env)
    # Both beats fire the quarterly job on a quarter's last day (replayed for 30 June).
    year = time.localtime().tm_year
    kwargs = json.dumps({"today": f"{year}-06-30"})
    calls = [
        subprocess.Popen(
            [
                str(VENV_BIN / "celery"),
                "-A",
                "portal",
                "call",
                "reports.tasks.quarter_report",
                "--kwargs",
                kwargs,
            ],
            cwd=ROOT,
            env=stack.app_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(4)
    ]
    for call in calls:
        call.wait(60)
    time.sleep(14)
    stack.stop("beat1")
    stack.stop("beat2")
    time.sleep(4)
    facts = wait_for(lambda: (f := stack.fixture("facts", *cases))["reports_q2"] and f, 30, 1) or {}
    per_case = facts.get("letters_per_case", {})
    check(
        "two beats: one apology letter per late dossier",
        bool(per_case)
        and all(n == 1 for n in per_case.values())
        and facts["duplicate_letter_rounds"] == 0,
        f"{len(per_case)} late dossiers, letters {sorted(set(per_case.values()))}, "
        f"duplicate rounds {facts.get('duplicate_letter_rounds')}",
    )
    check(
        "two beats: one quarterly report draft",
        facts.get("reports_q2") == 1,
        f"{facts.get('reports_q2')} draft(s) for the second quarter",
    )
    stack.app_start("beat")


def drill_restore(stack: Stack, check: Checks, facts: dict) -> None:
    """Back up the running shape, restore into a fresh database and media directory,
    serve the copy from a second gunicorn, and compare it with the backup's manifest."""
    import psycopg

    started = time.monotonic()
    made = stack.run([str(VENV_BIN / "python"), "manage.py", "backup"], check=False)
    backups = sorted((WORK / "var" / "backups").glob("portal-*"))
    check(
        "backup of the running production shape",
        made.returncode == 0 and bool(backups),
        f"{time.monotonic() - started:.1f} s; {(made.stdout or made.stderr).strip()[-200:]}",
    )
    if not backups:
        return
    folder = backups[-1]
    manifest = json.loads((folder / "manifest.json").read_text())
    pg = f"postgres://postgres@127.0.0.1:{stack.ports['pg']}"
    stack.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(stack.ports["pg"]), "-U", "postgres", "restored"]
    )
    media = WORK / "restored-media"  # the static files stay those the build collected
    shutil.rmtree(media, ignore_errors=True)
    restored_env = stack.app_env(
        DATABASE_URL=f"{pg}/restored",
        MEDIA_ROOT=str(media),
        REDIS_URL=f"redis://127.0.0.1:{stack.ports['redis']}/5",
        BIND=f"127.0.0.1:{stack.ports['restored']}",
        WEB_CONCURRENCY="1",
    )
    started = time.monotonic()
    restored = stack.run(
        [str(VENV_BIN / "python"), "manage.py", "restore", str(folder)],
        env=restored_env,
        check=False,
    )
    restore_seconds = time.monotonic() - started
    with psycopg.connect(f"{pg}/restored") as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in tables
        }
    differ = sorted(t for t in manifest["counts"] if counts.get(t) != manifest["counts"][t])
    stack.spawn("web-restored", ["scripts/serve.sh", "web"], env=restored_env)
    served = Client(stack.ports["https"], behind=stack.ports["restored"])
    up = wait_for(lambda: served.get("/healthz").status == 200, 60, 0.5)
    letter = facts["letters"][2]  # signed in the worker drill
    pdf_path = f"/onestop/apology/{letter}/letter.pdf"
    original = Client(stack.ports["https"], source="127.0.0.60")
    original.login("chutich")
    first = original.get(pdf_path)
    login = served.login("chutich")
    second = served.get(pdf_path)
    check(
        "drill: restore",
        restored.returncode == 0
        and not differ
        and len(counts) == len(manifest["counts"])
        and bool(up)
        and login.status == 302
        and first.status == 200
        and second.status == 200
        and first.body[:5] == b"%PDF-"
        and first.body == second.body,
        f"{len(counts)} tables, {sum(counts.values())} rows, {manifest['media_files']} files; "
        f"restore {restore_seconds:.1f} s; differ {differ[:5]}; letter PDF "
        f"{len(first.body)} / {len(second.body)} bytes; "
        f"{(restored.stderr or '').strip()[-200:]}",
    )
    stack.stop("web-restored")


def main() -> int:
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        del os.environ["DJANGO_SETTINGS_MODULE"]
    check = Checks()
    stack = Stack()
    sink = SmtpSink(stack.ports["smtp"])
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(1))
    started = time.monotonic()
    try:
        for stale in WORK.glob("*.log"):
            stale.unlink()
        build = stack.run(["scripts/serve.sh", "build"], check=False)
        check(
            "image build step: collectstatic and compilemessages under production settings",
            build.returncode == 0,
            (build.stderr or build.stdout).strip()[-300:],
        )
        if build.returncode:
            return 1
        stack.postgres_init()
        stack.postgres_start()
        stack.run(
            [
                "createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(stack.ports["pg"]),
                "-U",
                "postgres",
                "portal",
            ]
        )
        stack.redis_start()
        sink.start()
        migrate = stack.run(["scripts/serve.sh", "migrate"], check=False)
        check(
            "migrations under production settings",
            migrate.returncode == 0,
            migrate.stderr.strip()[-300:],
        )
        # The demo data: seed_demo refuses production settings, so it runs under the dev
        # settings against the same database and media folder.
        stack.run(
            [str(VENV_BIN / "python"), "manage.py", "seed_demo"],
            env=stack.app_env(DJANGO_SETTINGS_MODULE="portal.settings.dev", REDIS_URL=""),
        )
        facts = stack.fixture("prepare")
        facts["opinions_redis"] = facts["opinion"]
        deploy = stack.run(
            [str(VENV_BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            check=False,
        )
        check(
            "manage.py check --deploy", deploy.returncode == 0, (deploy.stderr or "").strip()[-300:]
        )
        stack.app_start("web", "worker", "beat")
        stack.spawn(
            "nginx",
            [
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-c",
                str(stack.nginx_config()),
                "-p",
                str(WORK),
            ],
        )
        up = wait_for(stack.healthy, 60, 0.5)
        check(
            "the stack answers /healthz through nginx",
            bool(up),
            f"in {time.monotonic() - started:.0f} s from the start",
        )
        if not up:
            return 1
        check_headers(stack, check)
        check_body_limits(stack, check)
        check_client_address(stack, check)
        browser_journey(stack, check, facts)
        drill_redis(stack, check, facts, sink)
        drill_worker_kill(stack, check, facts, sink)
        drill_postgres_restart(stack, check)
        drill_double_beat(stack, check)
        drill_restore(stack, check, facts)
    except Exception as exc:  # noqa: BLE001 - report it as a failed check, then clean up
        import traceback

        traceback.print_exc()
        check("prod-smoke ran to the end", False, repr(exc)[:300])
    finally:
        stack.stop_all()
        sink.stop()
        print(f"     (logs in {WORK.relative_to(ROOT)}; {time.monotonic() - started:.0f} s in all)")
        print(f"prod-smoke: {check.passed} passed, {check.failed} failed", flush=True)
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
