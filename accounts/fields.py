from django.db import models


class LowercaseEmailField(models.EmailField):
    """An email address compared without regard to case: Ann@X.org and ann@x.org are one address.

    Values are lowercased on the way into the database, in saves and in lookups alike, so
    `User.objects.get(email="Ann@X.org")` and the unique check both see "ann@x.org".
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value.strip().lower() if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = self.get_prep_value(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
