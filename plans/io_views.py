"""Excel in and out of the ward plans' tasks (being written)."""

from django.http import Http404


def task_list_export(request):
    raise Http404


def plan_tasks_export(request, pk):
    raise Http404


def plan_tasks_import(request, pk):
    raise Http404


def plan_tasks_template(request, pk):
    raise Http404
