"""The system log (Nhật ký hệ thống): who signed in, who failed, who was refused, what
was changed — read from what the libraries already keep:

- django-axes: `AccessLog` (every successful login, and its logout), `AccessFailureLog`
  (every failed login, flagged when it locked the account);
- django-auditlog: `LogEntry`, the before/after of every change made in admin to a
  dossier, an opinion, a ballot or a registry number, with the actor and his address;
- `RefusedAccess` (portal.models): 403 and 404 answers to a signed-in user, which no
  library records;
- the portal's own records of its data care: who opened a person's full data (an
  auditlog ACCESS entry), each backup run (`BackupRun`), each run of the retention job
  (`RetentionRun`) and each step of a person's request about his data
  (`PersonRequestStep`).

The page reads them all as one list (a UNION of the same columns), newest first, filtered
and paginated in the database. Entries older than PORTAL_AUDIT_RETENTION_DAYS are pruned
by the hourly housekeeping job.
"""

from __future__ import annotations

import datetime as dt

from auditlog.context import disable_auditlog
from auditlog.middleware import AuditlogMiddleware as _AuditlogMiddleware
from auditlog.models import LogEntry
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import BackupRun, PersonRequest, PersonRequestStep, RefusedAccess, RetentionRun
from portal.net import client_ip

KINDS = {
    "login": _("Login"),
    "logout": _("Logout"),
    "login_failed": _("Failed login"),
    "lockout": _("Lockout"),
    "refused": _("Refused access"),
    "change": _("Change"),
    "access": _("Personal data viewed"),
    "backup": _("Backup"),
    "retention": _("Retention (anonymised)"),
    "person_request": _("Personal data request"),
}
_COLUMNS = ("log_at", "log_kind", "log_user", "log_ip", "log_detail")


class AuditlogMiddleware(_AuditlogMiddleware):
    """django-auditlog's actor and address, the address from the trusted proxy only (the
    library would believe the first X-Forwarded-For entry, which the client writes).

    Changes are recorded where the portal's own trail does not reach: in admin. The pages
    already keep theirs (a dossier's process log, a ballot's corrections, the registry,
    an opinion's dated steps), and a citizen's ballot or a received dossier is no
    administrator's act: recording those too would double every write of the desk.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request) or None

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")):
            return super().__call__(request)
        with disable_auditlog():
            return super().__call__(request)


class RefusedAccessMiddleware:
    """Record every 403 and 404 a signed-in user gets (not the static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                RefusedAccess.objects.create(
                    user=user,
                    username=user.get_username(),
                    ip_address=client_ip(request) or None,
                    method=request.method[:10],
                    path=request.get_full_path()[:500],
                    status=response.status_code,
                )
        return response


def _text(value) -> Cast:
    return Cast(value, output_field=TextField())


def _label(field: str, choices) -> Case:
    """A choice column as its label in the active language (computed in the query)."""
    return _text(
        Case(
            *(When(**{field: value}, then=Value(str(label))) for value, label in choices),
            default=F(field),
            output_field=TextField(),
        )
    )


def _join(*parts) -> Concat:
    """Text and columns of any type as one text (PostgreSQL will not mix varchar and text)."""
    return Concat(
        *(Value(p, output_field=TextField()) if isinstance(p, str) else _text(p) for p in parts),
        output_field=TextField(),
    )


def audit_entries(
    *,
    username: str = "",
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
    """The log as rows of (at, kind, username, ip, detail), newest first."""
    parts = []

    def period(field: str) -> Q:
        q = Q()
        if date_from:
            q &= Q(**{f"{field}__gte": _day_start(date_from)})
        if date_to:
            q &= Q(**{f"{field}__lt": _day_start(date_to + dt.timedelta(days=1))})
        return q

    def who(field: str) -> Q:
        return Q(**{f"{field}__icontains": username}) if username else Q()

    def rows(queryset, at, kind_value, user, ip, detail):
        """One part of the UNION; `user` and `ip` are field names, or None for a row
        no user made (a backup, a run of the retention job)."""
        nothing = Value(None, output_field=TextField())
        return (
            queryset.annotate(
                log_at=F(at),
                log_kind=kind_value,
                log_user=_text(F(user) if user else nothing),
                log_ip=_text(F(ip) if ip else nothing),
                log_detail=_text(detail),
            )
            .order_by()
            .values_list(*_COLUMNS)
        )

    if kind in ("", "login"):
        parts.append(
            rows(
                AccessLog.objects.filter(period("attempt_time"), who("username")),
                "attempt_time",
                Value("login"),
                "username",
                "ip_address",
                F("path_info"),
            )
        )
    if kind in ("", "logout"):
        parts.append(
            rows(
                AccessLog.objects.filter(
                    period("logout_time"), who("username"), logout_time__isnull=False
                ),
                "logout_time",
                Value("logout"),
                "username",
                "ip_address",
                F("path_info"),
            )
        )
    if kind in ("", "login_failed", "lockout"):
        failures = AccessFailureLog.objects.filter(period("attempt_time"), who("username"))
        if kind:
            failures = failures.filter(locked_out=kind == "lockout")
        parts.append(
            rows(
                failures,
                "attempt_time",
                Case(When(locked_out=True, then=Value("lockout")), default=Value("login_failed")),
                "username",
                "ip_address",
                F("path_info"),
            )
        )
    if kind in ("", "refused"):
        parts.append(
            rows(
                RefusedAccess.objects.filter(period("at"), who("username")),
                "at",
                Value("refused"),
                "username",
                "ip_address",
                _join(F("status"), " ", F("method"), " ", F("path")),
            )
        )
    if kind in ("", "change"):
        parts.append(
            rows(
                LogEntry.objects.filter(period("timestamp"), who("actor__username")).exclude(
                    action=LogEntry.Action.ACCESS
                ),
                "timestamp",
                Value("change"),
                "actor__username",
                "remote_addr",
                _join(
                    F("content_type__model"),
                    " #",
                    F("object_pk"),
                    " ",
                    F("object_repr"),
                    " ",
                    F("changes"),
                ),
            )
        )
    if kind in ("", "access"):
        # A user opened a person's full data (the CCCD in full on a dossier's page).
        parts.append(
            rows(
                LogEntry.objects.filter(
                    period("timestamp"), who("actor__username"), action=LogEntry.Action.ACCESS
                ),
                "timestamp",
                Value("access"),
                "actor__username",
                "remote_addr",
                _join(
                    F("content_type__app_label"),
                    ".",
                    F("content_type__model"),
                    " #",
                    F("object_pk"),
                    " ",
                    F("object_repr"),
                ),
            )
        )
    # Backups and retention runs are the system's own: no user, so a filter by user
    # leaves them out.
    if kind in ("", "backup") and not username:
        parts.append(
            rows(
                BackupRun.objects.filter(period("started_at")),
                "started_at",
                Value("backup"),
                None,
                None,
                _join(
                    _label("trigger", BackupRun.Trigger.choices),
                    " · ",
                    Case(
                        When(ok=True, then=Value(gettext("succeeded"))),
                        When(ok=False, then=Value(gettext("failed"))),
                        default=Value(gettext("not finished")),
                        output_field=TextField(),
                    ),
                    " · ",
                    F("name"),
                    " · ",
                    Case(
                        When(
                            ok=True,
                            # MB with one decimal, in integer arithmetic (the same on
                            # both databases).
                            then=_join(
                                F("size") / Value(1048576),
                                ",",
                                F("size") * Value(10) / Value(1048576)
                                - F("size") / Value(1048576) * Value(10),
                                " MB",
                            ),
                        ),
                        default=F("error"),
                        output_field=TextField(),
                    ),
                ),
            )
        )
    if kind in ("", "retention") and not username:
        parts.append(
            rows(
                RetentionRun.objects.filter(period("at")),
                "at",
                Value("retention"),
                None,
                None,
                # The runs share the backups' triggers (nightly from beat, by hand).
                _join(_label("trigger", BackupRun.Trigger.choices), " · ", F("counts")),
            )
        )
    if kind in ("", "person_request"):
        parts.append(
            rows(
                PersonRequestStep.objects.filter(period("at"), who("user__username")),
                "at",
                Value("person_request"),
                "user__username",
                None,
                _join(
                    "#",
                    F("request_id"),
                    " ",
                    _label("request__kind", PersonRequest.Kind.choices),
                    " · ",
                    _label("action", PersonRequestStep.Action.choices),
                    " · ",
                    F("detail"),
                ),
            )
        )
    if not parts:
        return RefusedAccess.objects.none().values_list("at")
    first, *rest = parts
    if rest:
        first = first.union(*rest, all=True)
    return first.order_by("-log_at")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_prune(*, now=None) -> int:
    """Drop entries older than the retention period; safe to run any number of times."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PORTAL_AUDIT_RETENTION_DAYS)
    deleted = 0
    for queryset in (
        AccessLog.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        RefusedAccess.objects.filter(at__lt=cutoff),
        LogEntry.objects.filter(timestamp__lt=cutoff),
    ):
        deleted += queryset.delete()[0]
    return deleted
