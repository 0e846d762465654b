"""Demo data for a newcomer: a ward, its units and one account per role.

Safe to run again: rows are matched on their natural keys and brought back to the demo
values; an existing demo account keeps its password. Refuses to run in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from portal import roles
from portal.models import (
    Department,
    MassOrganization,
    Neighborhood,
    Organization,
    ProcedureField,
    User,
)

DEMO_PASSWORD = "matkhau123"

DEPARTMENTS = [
    ("van-phong", "Văn phòng - Thống kê"),
    ("tu-phap", "Tư pháp - Hộ tịch"),
    ("dia-chinh", "Địa chính - Xây dựng - Đô thị và Môi trường"),
    ("van-hoa", "Văn hóa - Xã hội"),
    ("tai-chinh", "Tài chính - Kế toán"),
    ("cong-an", "Công an phường"),
]

FIELDS = [
    ("dia-chinh", "Địa chính"),
    ("tu-phap", "Tư pháp - Hộ tịch"),
    ("ldtbxh", "Lao động, Thương binh và Xã hội"),
    ("van-hoa", "Văn hóa - Thông tin"),
    ("giao-duc", "Giáo dục - Đào tạo"),
    ("xay-dung", "Xây dựng"),
]

MASS_ORGANIZATIONS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "UB MTTQ"),
    ("Hội Liên hiệp Phụ nữ phường", "Hội Phụ nữ"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh phường", "Đoàn TN"),
    ("Hội Cựu chiến binh phường", "Hội CCB"),
    ("Hội Người cao tuổi phường", "Hội NCT"),
]


USERS = [
    # username, full name, position, roles, department code, organisation short name
    ("chutich", "Phan Cao Đăng", "Chủ tịch UBND phường", [roles.LEADER], None, None),
    ("phochutich", "Nguyễn Thị Minh Hiếu", "Phó Chủ tịch UBND phường", [roles.LEADER], None, None),
    (
        "vanphong",
        "Trần Thu Hà",
        "Công chức Văn phòng - Thống kê",
        [roles.OFFICE],
        "van-phong",
        None,
    ),
    ("motcua", "Lê Văn Nam", "Công chức Bộ phận Một cửa", [roles.DESK], "van-phong", None),
    ("tuphap", "Đỗ Thị Lan", "Công chức Tư pháp - Hộ tịch", [roles.DEPARTMENT], "tu-phap", None),
    (
        "diachinh",
        "Vũ Minh Tuấn",
        "Công chức Địa chính - Xây dựng",
        [roles.DEPARTMENT],
        "dia-chinh",
        None,
    ),
    ("mttq", "Hoàng Văn Bình", "Chủ tịch UB MTTQ phường", [roles.ORGANISATION], None, "UB MTTQ"),
]


class Command(BaseCommand):
    help = "Load demo data: the ward profile, units and one account per role (idempotent)."

    def handle(self, *args, **options):
        if not getattr(settings, "PORTAL_ALLOW_DEMO_DATA", False):
            raise CommandError("seed_demo refuses to run under production settings.")
        # Loading demo data is nobody's act: it stays out of the system log.
        from auditlog.context import disable_auditlog

        with disable_auditlog():
            self._seed(*args, **options)

    def _seed(self, *args, **options):
        from assessments.demo import seed_assessments_demo
        from dialogues.demo import seed_dialogues_demo
        from onestop.demo import seed_onestop_demo
        from plans.demo import seed_plans_demo
        from reports.demo import seed_reports_demo
        from surveys.demo import seed_surveys_demo

        # Text the services write (process-log notes, notifications) is stored in
        # Vietnamese, as it would be when written from the portal's pages.
        with translation.override("vi"), transaction.atomic():
            self.seed()
            seed_onestop_demo()
            seed_dialogues_demo()
            seed_surveys_demo()
            seed_reports_demo()
            seed_plans_demo()
            seed_assessments_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Password for all demo accounts: {DEMO_PASSWORD}")
        )

    def seed(self) -> None:
        roles.roles_sync()
        departments = {}
        for order, (code, name) in enumerate(DEPARTMENTS):
            departments[code], _ = Department.objects.update_or_create(
                code=code, defaults={"name": name, "order": order, "is_active": True}
            )
        for order, (code, name) in enumerate(FIELDS):
            ProcedureField.objects.update_or_create(
                code=code, defaults={"name": name, "order": order}
            )
        for n in range(1, 13):
            Neighborhood.objects.update_or_create(
                name=f"Tổ dân phố số {n}",
                defaults={"order": n, "kind": Neighborhood.Kind.STREET_GROUP},
            )
        organisations = {}
        for order, (name, short) in enumerate(MASS_ORGANIZATIONS):
            organisations[short], _ = MassOrganization.objects.update_or_create(
                name=name, defaults={"short_name": short, "order": order}
            )

        users = {}
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        for username, full_name, position, user_roles, dept, org in USERS:
            user, created = User.objects.update_or_create(
                username=username,
                defaults={
                    "full_name": full_name,
                    "position": position,
                    "department": departments.get(dept) if dept else None,
                    "mass_organization": organisations.get(org) if org else None,
                    "is_staff": any(r in roles.ADMIN_ROLES for r in user_roles),
                    "is_active": True,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            roles.assign_roles(user, user_roles)
            users[username] = user

        org = Organization.objects.order_by("pk").first() or Organization()
        org.name = "UBND phường Phú La"
        org.agency_name = "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA"
        org.parent_agency_line = "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
        org.abbreviation = "UBND"
        org.place_name = "Phú La"
        org.address = "Số 1 phố Phú La, phường Phú La, thành phố Hà Nội"
        org.phone = "024 3355 6789"
        org.email = "ubnd.phula@example.gov.vn"
        org.chairman = users["chutich"]
        org.full_clean()
        org.save()
        org.vice_chairmen.set([users["phochutich"]])
