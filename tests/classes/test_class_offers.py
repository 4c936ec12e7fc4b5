import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from classes.models import ClassOffer
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def january():
    return SessionFactory(name="January 2026", key_day_date=datetime.date(2026, 1, 8), max_day_shift=-2)


def unsaved_offer(session, **fields):
    template = ClassOfferFactory(session=session)
    values = {
        "subject": template.subject,
        "session": session,
        "location": template.location,
        "class_day": 3,
        "start_time": datetime.time(19),
        "capacity": 20,
    }
    return ClassOffer(**{**values, **fields})


def test_a_class_day_outside_the_session_window_is_refused_naming_the_window(january):
    monday = unsaved_offer(january, class_day=0)

    with pytest.raises(ValidationError) as refusal:
        monday.full_clean()

    assert refusal.value.message_dict["class_day"] == [
        "Monday is outside the days of January 2026: Tue Jan 6, 2026 to Thu Jan 8, 2026 (Tue, Wed, Thu). "
        "Pick one of those days, or change the session's day shift."
    ]


@pytest.mark.parametrize(("field", "value"), [("capacity", 0), ("price_override", Decimal("-1.00"))])
def test_capacity_and_price_must_make_sense(january, field, value):
    offer = unsaved_offer(january, class_day=2, **{field: value})

    with pytest.raises(ValidationError) as refusal:
        offer.full_clean()

    assert field in refusal.value.message_dict


def test_a_subject_runs_once_a_day_in_a_session(january):
    first = ClassOfferFactory(session=january, class_day=3)
    again = unsaved_offer(january, subject=first.subject, class_day=3)

    with pytest.raises(ValidationError, match="already runs on that day in this session"):
        again.full_clean()


def test_price_is_the_subjects_unless_overridden(january):
    subject = SubjectPageFactory(full_price=Decimal("95.00"), pre_pay_discount=Decimal("10.00"))
    usual = ClassOfferFactory(session=january, subject=subject, class_day=2)
    special = ClassOfferFactory(session=january, subject=subject, class_day=3, price_override=Decimal("60.00"))

    assert (usual.price, usual.pre_pay_price) == (Decimal("95.00"), Decimal("85.00"))
    assert (special.price, special.pre_pay_price) == (Decimal("60.00"), Decimal("50.00"))


def test_a_class_ends_its_subjects_minutes_after_it_starts(january):
    offer = ClassOfferFactory(
        session=january, subject=SubjectPageFactory(num_minutes=75), start_time=datetime.time(19, 30)
    )

    assert offer.end_time == datetime.time(20, 45)


def test_the_class_offer_address_is_stable_and_readable(january):
    offer = ClassOfferFactory(session=january, subject=SubjectPageFactory(title="Lindy 2 A"), class_day=1)

    assert offer.get_url() == "/classes/lindy-2-a/january-2026/tuesday/"


def test_discounts_cannot_add_up_to_more_than_the_price():
    subject = SubjectPageFactory()
    subject.full_price, subject.pre_pay_discount, subject.multi_class_discount = (
        Decimal("20.00"),
        Decimal("15.00"),
        Decimal("10.00"),
    )

    with pytest.raises(ValidationError, match=r"can't be more than the full price \(\$20.00\)"):
        subject.full_clean()
