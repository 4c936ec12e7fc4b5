"""The move from "came or not" to a status keeps every check-in: present stays present, missed becomes absent
(and back: late counts as came)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from classes.models import Attendance
from tests.factories import RegistrationFactory

BEFORE = [("classes", "0011_school_reports_permission")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_check_ins_keep_whether_the_student_came_through_the_migration_and_back():
    registration = RegistrationFactory()
    first, second, third = registration.class_offer.meetings.order_by("number")[:3]
    for meeting, status in [(first, "present"), (second, "late"), (third, "excused")]:
        Attendance.objects.create(registration=registration, meeting=meeting, status=status)

    before = migrate(BEFORE).get_model("classes", "Attendance")
    came = list(before.objects.order_by("meeting__number").values_list("present", flat=True))
    after = migrate().get_model("classes", "Attendance")
    statuses = list(after.objects.order_by("meeting__number").values_list("status", flat=True))

    assert came == [True, True, False]
    assert statuses == ["present", "present", "absent"]
