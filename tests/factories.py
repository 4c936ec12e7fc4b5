"""Factories for the test suite. Each accepts model fields as keyword arguments."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from accounts.models import User
from accounts.roles import TEACHERS
from classes.models import (
    ClassesIndexPage,
    ClassOffer,
    Level,
    Location,
    Order,
    Registration,
    Review,
    Session,
    SessionSkipDate,
    SubjectPage,
)
from resources.models import ResourceIndexPage, ResourcePage

PASSWORD = "a-good-dance-password"
# What two people type into the checkout form.
ANN = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"}
BOB = {"first_name": "Bob", "last_name": "Ray", "email": "bob@example.com"}


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"dancer{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """`UserFactory(groups=["Teachers"])` puts the user in those roles."""
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class TeacherFactory(UserFactory):
    email = factory.Sequence(lambda n: f"teacher{n}@hepcat.example")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create:
            self.groups.add(*Group.objects.filter(name__in=names or [TEACHERS]))


class LevelFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Level {n}")
    code = factory.Sequence(lambda n: f"L{n}")
    # In hundredths, so that a whole run's levels keep rising within the field's 999.99.
    rank = factory.Sequence(lambda n: Decimal(n) / 100)
    completion_rule = "A|C,B|D"

    class Meta:
        model = Level


def classes_index():
    """The /classes/ page, made under the default site's home page if it is missing."""
    index = ClassesIndexPage.objects.first()
    if index is None:
        index = ClassesIndexPage(title="Classes", slug="classes")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=index)
    return index


class SubjectPageFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Lindy Hop {n}")
    slug = factory.LazyAttribute(lambda subject: slugify(subject.title))
    level = factory.SubFactory(LevelFactory)
    version = "A"
    num_weeks = 5
    num_minutes = 60
    full_price = Decimal("95.00")
    pre_pay_discount = Decimal("10.00")
    multi_class_discount = Decimal("15.00")

    class Meta:
        model = SubjectPage

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        subject = model_class(*args, **kwargs)
        (parent or classes_index()).add_child(instance=subject)
        return subject


class LocationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Studio {n}")
    address = factory.Sequence(lambda n: f"{100 + n} Pike Street")
    city = "Seattle"
    state = "WA"
    postcode = "98101"

    class Meta:
        model = Location


class SessionFactory(factory.django.DjangoModelFactory):
    """Sessions seven weeks apart on Thursdays, so that factory sessions never overlap."""

    name = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.LazyAttribute(lambda session: slugify(session.name))
    key_day_date = factory.Sequence(lambda n: datetime.date(2030, 1, 3) + datetime.timedelta(weeks=7 * n))
    max_day_shift = -2
    num_weeks = 5
    break_weeks = 0
    publish_date = factory.LazyAttribute(lambda session: session.key_day_date - datetime.timedelta(days=21))

    class Meta:
        model = Session
        skip_postgeneration_save = True

    @factory.post_generation
    def skip_dates(self, create, dates, **kwargs):
        """`SessionFactory(skip_dates=[date, (date, "Thanksgiving")])`"""
        for entry in dates or []:
            date, reason = entry if isinstance(entry, tuple) else (entry, "No class")
            SessionSkipDate.objects.create(session=self, date=date, reason=reason)


class ClassOfferFactory(factory.django.DjangoModelFactory):
    subject = factory.SubFactory(SubjectPageFactory)
    session = factory.SubFactory(SessionFactory)
    location = factory.SubFactory(LocationFactory)
    class_day = factory.LazyAttribute(lambda offer: offer.session.key_day_date.weekday())
    start_time = datetime.time(19, 0)
    capacity = 20
    live = True

    class Meta:
        model = ClassOffer
        skip_postgeneration_save = True

    @factory.post_generation
    def teachers(self, create, teachers, **kwargs):
        if create and teachers:
            self.teachers.set(teachers)
            self.save()


class OrderFactory(factory.django.DjangoModelFactory):
    """A confirmed order paid at the door, of one $95 class unless told otherwise."""

    attendee = factory.SubFactory(UserFactory)
    payer = factory.SelfAttribute("attendee")
    status = Order.Status.CONFIRMED
    method = "door"
    subtotal = Decimal("95.00")
    pre_pay_discount = Decimal("0.00")
    multi_class_discount = Decimal("0.00")
    credit_applied = Decimal("0.00")
    total = factory.SelfAttribute("subtotal")
    door_total = factory.SelfAttribute("subtotal")
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Order


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration, with an order of its own: `RegistrationFactory(status="cancelled")` for others."""

    attendee = factory.SubFactory(UserFactory)
    class_offer = factory.SubFactory(ClassOfferFactory)
    order = factory.SubFactory(OrderFactory, attendee=factory.SelfAttribute("..attendee"))
    status = Registration.Status.CONFIRMED
    price = Decimal("95.00")
    pre_pay_discount = Decimal("0.00")
    multi_class_discount = Decimal("0.00")
    confirmed_at = factory.LazyAttribute(
        lambda registration: timezone.now() if registration.status == Registration.Status.CONFIRMED else None
    )

    class Meta:
        model = Registration


def resources_index():
    """The /resources/ page, made under the default site's home page if it is missing."""
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = ResourceIndexPage(title="Resources", slug="resources")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=index)
    return index


class ResourcePageFactory(factory.django.DjangoModelFactory):
    """A live resource under /resources/ (made if missing). `subjects` and `class_offers` take lists."""

    title = factory.Sequence(lambda n: f"Review video, week {n}")
    slug = factory.LazyAttribute(lambda resource: slugify(resource.title))
    kind = ResourcePage.Kind.VIDEO
    audience = ResourcePage.Audience.CLASS
    release = ResourcePage.Release.AFTER_CLASS
    release_class_number = 1
    expire_after_weeks = 0
    summary = "What we danced this week."
    body = factory.LazyFunction(lambda: [("text", "<p>The steps, slowly, then at speed.</p>")])

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, subjects=(), class_offers=(), **kwargs):
        resource = model_class(*args, **kwargs)
        resource.subjects = list(subjects)
        resource.class_offers = list(class_offers)
        (parent or resources_index()).add_child(instance=resource)
        return resource


class ReviewFactory(factory.django.DjangoModelFactory):
    """An anonymous 5/5 review of a class; `target="teacher", teacher=…` or `target="school"` for the others. It
    doesn't check that its author attended: classes.services.reviews does that."""

    author = factory.SubFactory(UserFactory)
    class_offer = factory.SubFactory(ClassOfferFactory)
    target = Review.Target.CLASS
    rating = 5
    text = "Clear teaching and lots of dancing."

    class Meta:
        model = Review
