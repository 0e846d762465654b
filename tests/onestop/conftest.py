import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from onestop import services
from onestop.models import Procedure
from tests.factories import ProcedureFieldFactory

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


@pytest.fixture
def procedure(ward, department):
    return Procedure.objects.create(
        code="1.004873",
        name="Cấp giấy xác nhận tình trạng hôn nhân",
        field=ProcedureFieldFactory(name="Tư pháp - Hộ tịch", code="tu-phap"),
        department=department,
        processing_days=3,
        fee="15.000 đồng",
    )


@pytest.fixture
def other_procedure(ward, other_department):
    return Procedure.objects.create(
        code="1.004227",
        name="Hòa giải tranh chấp đất đai",
        field=ProcedureFieldFactory(name="Địa chính", code="dia-chinh"),
        department=other_department,
        processing_days=10,
    )


@pytest.fixture
def receive(desk):
    def _receive(procedure, *, when=None, **kwargs):
        data = {
            "applicant_name": "Nguyễn Văn An",
            "applicant_id_number": "001090012345",
            "applicant_phone": "0912345678",
            "applicant_address": "Số 5 phố Phú La",
        }
        data.update(kwargs)
        return services.case_receive(
            procedure=procedure, received_by=desk, received_at=when or at(2026, 3, 2), **data
        )

    return _receive
