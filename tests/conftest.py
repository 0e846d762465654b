import pytest
from django.conf import settings

from portal import roles
from tests.factories import (
    DepartmentFactory,
    DocumentTypeFactory,
    MassOrganizationFactory,
    OrganizationFactory,
    make_user,
)

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
requires_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")
requires_redis = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_BACKUP_DIR = tmp_path / "backups"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ward(db):
    roles.roles_sync()
    org = OrganizationFactory()
    org.chairman = make_user(
        "chutich", roles.LEADER, full_name="Phan Cao Đăng", position="Chủ tịch"
    )
    org.save()
    org.vice_chairmen.set([make_user("phochutich", roles.LEADER, full_name="Nguyễn Thị Minh Hiếu")])
    return org


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Tư pháp - Hộ tịch", code="tu-phap")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="Địa chính - Xây dựng", code="dia-chinh")


@pytest.fixture
def leader(ward):
    return ward.chairman


@pytest.fixture
def office(ward):
    return make_user("vanphong", roles.OFFICE, full_name="Trần Thu Hà", is_staff=True)


@pytest.fixture
def desk(ward):
    return make_user("motcua", roles.DESK, full_name="Lê Văn Nam")


@pytest.fixture
def officer(ward, department):
    return make_user("tuphap", roles.DEPARTMENT, full_name="Đỗ Thị Lan", department=department)


@pytest.fixture
def organisation_user(ward):
    return make_user(
        "mttq",
        roles.ORGANISATION,
        full_name="Hoàng Văn Bình",
        mass_organization=MassOrganizationFactory(name="Ủy ban MTTQ phường"),
    )


@pytest.fixture
def plan_type(db):
    return DocumentTypeFactory(code="KH", name="Kế hoạch", title="KẾ HOẠCH")


@pytest.fixture
def report_type(db):
    return DocumentTypeFactory(code="BC", name="Báo cáo", title="BÁO CÁO")


# The one-stop fixtures (a procedure, receiving a dossier) serve the cross-cutting tests too.
from tests.onestop.conftest import procedure, receive  # noqa: E402, F401
