"""Factories for the test suite. Each accepts model fields as keyword arguments."""

import factory
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "a-good-dance-password"


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
