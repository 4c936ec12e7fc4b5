"""Attendance says how a student came to a meeting (present, late, excused, absent) rather than only whether they
came; staff get the permissions of the front desk and of handling money."""

import django.utils.timezone
from django.db import migrations, models


def status_from_present(apps, schema_editor):
    Attendance = apps.get_model("classes", "Attendance")
    Attendance.objects.filter(present=True).update(status="present")
    Attendance.objects.filter(present=False).update(status="absent")


def present_from_status(apps, schema_editor):
    Attendance = apps.get_model("classes", "Attendance")
    Attendance.objects.filter(status__in=["present", "late"]).update(present=True)
    Attendance.objects.exclude(status__in=["present", "late"]).update(present=False)


class Migration(migrations.Migration):
    dependencies = [
        ("classes", "0011_school_reports_permission"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="attendance",
            options={
                "ordering": ["meeting__date"],
                "permissions": [
                    ("view_school_reports", "Can see the attendance, retention and progression reports"),
                    ("check_in_any_class", "Can check in any class"),
                ],
                "verbose_name_plural": "attendance",
            },
        ),
        migrations.AlterModelOptions(
            name="order",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("record_door_payment", "Can record a payment taken at the door"),
                    ("view_money", "Can see what was paid and what is owed"),
                ],
            },
        ),
        migrations.AddField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[("present", "Present"), ("late", "Late"), ("excused", "Excused"), ("absent", "Absent")],
                default="present",
                max_length=10,
            ),
        ),
        migrations.RunPython(status_from_present, present_from_status),
        migrations.RemoveField(model_name="attendance", name="present"),
        migrations.AlterField(
            model_name="attendance",
            name="recorded_at",
            field=models.DateTimeField(default=django.utils.timezone.now, help_text="When the mark was last set."),
        ),
    ]
