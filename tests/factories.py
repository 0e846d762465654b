import factory
from django.contrib.auth.models import Group

from portal.models import (
    Department,
    DocumentType,
    MassOrganization,
    Neighborhood,
    Organization,
    ProcedureField,
    User,
)

PASSWORD = "matkhau123"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Bộ phận {n}")
    code = factory.Sequence(lambda n: f"bp-{n}")


class ProcedureFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureField
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    code = factory.Sequence(lambda n: f"lv-{n}")


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood

    name = factory.Sequence(lambda n: f"Tổ dân phố số {n + 1}")


class MassOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MassOrganization

    name = factory.Sequence(lambda n: f"Đoàn thể {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        self.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = "UBND phường Phú La"
    agency_name = "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LA"
    parent_agency_line = "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    place_name = "Phú La"
    address = "Số 1 phố Phú La"


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ["code"]

    code = "KH"
    name = "Kế hoạch"
    title = "KẾ HOẠCH"


def make_user(username: str, *role_names: str, **kwargs) -> User:
    return UserFactory(username=username, roles=list(role_names), **kwargs)
