import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from messaging import services as messaging
from onestop import services
from onestop.models import Procedure
from tests.factories import ProcedureFieldFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CCCD = "001090012345"


class FakeGateway:
    """An HTTP server on 127.0.0.1 that records each request and answers from a queue
    of (status, json body); when the queue is empty it answers `default`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict]] = []
        self.default: tuple[int, dict] = (200, {"code": "0", "id": "gw-1"})
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                gateway.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "json": json.loads(raw.decode("utf-8")),
                    }
                )
                status, body = gateway.replies.pop(0) if gateway.replies else gateway.default
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    with FakeGateway() as fake:
        yield fake


@pytest.fixture
def sms(settings, gateway):
    settings.MESSAGING_CHANNELS = ["sms"]
    settings.SMS_GATEWAY_URL = gateway.url + "/api/v1/sms/send"
    settings.SMS_GATEWAY_API_KEY = "test-key"
    settings.SMS_BRANDNAME = "UBND PHULA"
    settings.MESSAGING_MAX_ATTEMPTS = 3
    settings.MESSAGING_RETRY_BASE_SECONDS = 60
    messaging._broker_down_until = 0.0
    return gateway


@pytest.fixture
def zalo(settings, gateway):
    settings.MESSAGING_CHANNELS = ["zalo", "sms"]
    settings.ZALO_ZNS_URL = gateway.url + "/message/template"
    settings.ZALO_ACCESS_TOKEN = "oa-token"
    settings.ZALO_TEMPLATES = {"result_ready": "301234", "apology_letter": "301235"}
    settings.SMS_GATEWAY_URL = ""
    gateway.default = (200, {"error": 0, "message": "Success", "data": {"msg_id": "z-9"}})
    messaging._broker_down_until = 0.0
    return gateway


@pytest.fixture
def procedure(ward, department):
    return Procedure.objects.create(
        code="1.004873",
        name="Cấp giấy xác nhận tình trạng hôn nhân",
        field=ProcedureFieldFactory(name="Tư pháp - Hộ tịch", code="tu-phap"),
        department=department,
        processing_days=3,
    )


@pytest.fixture
def case(procedure, desk):
    return services.case_receive(
        procedure=procedure,
        received_by=desk,
        received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM),
        applicant_name="Nguyễn Văn An",
        applicant_id_number=CCCD,
        applicant_phone="0912345678",
        applicant_address="Số 5 phố Phú La",
    )


@pytest.fixture
def consented(case, desk):
    messaging.consent_record(phone="0912 345 678", obj=case, source="dossier_receipt", actor=desk)
    return case
