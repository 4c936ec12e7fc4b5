"""The forms of registering for classes: picking a class, checking out, and taking a seat from the waitlist.

None of them carries a price: what classes cost is always worked out on the server (classes.pricing).
"""

from django import forms
from django.conf import settings

from accounts.models import User
from classes.models import ONLINE_METHODS, ClassOffer, PaymentMethod, Registration


def payment_method_choices():
    """Paying online through each processor the site is set up for, or at the door."""
    online = [(method.value, method.label) for method in PaymentMethod if method in ONLINE_METHODS]
    configured = [(value, label) for value, label in online if value in settings.PAYMENT_VARIANTS]
    return [*configured, (PaymentMethod.DOOR.value, PaymentMethod.DOOR.label)]


class PickClassForm(forms.Form):
    """A "Register" button on a class: the class must be open for registration."""

    class_offer = forms.ModelChoiceField(
        queryset=ClassOffer.objects.none(),
        error_messages={
            "required": "Please choose a class.",
            "invalid_choice": "Sorry, that class isn't open for registration.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_offer"].queryset = ClassOffer.objects.open_for_registration()


class UnpickClassForm(forms.Form):
    class_offer = forms.IntegerField()


class CheckoutForm(forms.Form):
    """Who is dancing, who pays and how.

    Signed in, you are the dancer, or, registering someone else, the payer. Signed out, the dancer's
    details are typed in, and the payer's too when someone else is paying.
    """

    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(
        label="Phone (optional)", max_length=30, required=False, widget=forms.TextInput({"type": "tel"})
    )
    someone_else = forms.BooleanField(label="I am registering someone else", required=False)
    payer_first_name = forms.CharField(label="Your first name", max_length=150, required=False)
    payer_last_name = forms.CharField(label="Your last name", max_length=150, required=False)
    payer_email = forms.EmailField(label="Your email", required=False)
    payer_phone = forms.CharField(
        label="Your phone (optional)", max_length=30, required=False, widget=forms.TextInput({"type": "tel"})
    )
    dance_role = forms.ChoiceField(
        label="Dance role",
        choices=Registration.DanceRole.choices,
        initial=Registration.DanceRole.EITHER,
        widget=forms.RadioSelect,
    )
    referred_by = forms.EmailField(
        label="Who referred you?",
        required=False,
        help_text="Your friend's email address, if someone sent you our way. Optional.",
    )
    method = forms.ChoiceField(label="How would you like to pay?", widget=forms.RadioSelect)
    join_waitlist = forms.BooleanField(label="Join the waitlist for full classes", required=False)
    checkout_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # The classes the page showed, so that a list changed in another window is not paid for unseen.
    class_list = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, user, class_offer_ids, referral_program, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.class_offer_ids = class_offer_ids
        self.fields["method"].choices = payment_method_choices()
        self.fields["method"].initial = self.fields["method"].choices[0][0]
        if not referral_program:
            del self.fields["referred_by"]
        if user.is_authenticated:
            self.fields["dance_role"].initial = user.preferred_dance_role
        else:
            for name in ("first_name", "last_name", "email"):
                self.fields[name].widget.attrs["required"] = True
        self.fields["email"].widget.attrs["autocomplete"] = "off" if user.is_authenticated else "email"
        self.fields["payer_email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "off" if user.is_authenticated else "tel"
        self.fields["payer_phone"].widget.attrs["autocomplete"] = "tel"

    @property
    def takes_payment_online(self):
        return len(self.fields["method"].choices) > 1

    @staticmethod
    def class_list_value(class_offer_ids):
        return ",".join(str(pk) for pk in sorted(class_offer_ids))

    @classmethod
    def joins_waitlist(cls, data):
        """Whether the form sent asks for the waitlist of full classes, read before the form is checked."""
        return cls.base_fields["join_waitlist"].widget.value_from_datadict(data, {}, "join_waitlist")

    @property
    def for_someone_else(self):
        return self.cleaned_data.get("someone_else", False)

    @property
    def dancer_is_typed_in(self):
        return not self.user.is_authenticated or self.for_someone_else

    @property
    def payer_is_typed_in(self):
        return not self.user.is_authenticated and self.for_someone_else

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("class_list", "") != self.class_list_value(self.class_offer_ids):
            raise forms.ValidationError(
                "Your list of classes changed in another window. Please check it below and confirm again."
            )
        if self.dancer_is_typed_in:
            self.require(["first_name", "last_name", "email"], "the dancer's")
        if self.payer_is_typed_in:
            self.require(["payer_first_name", "payer_last_name", "payer_email"], "your")
        return cleaned_data

    def require(self, names, whose):
        for name in names:
            if not self.cleaned_data.get(name) and name not in self.errors:
                what = self.fields[name].label.lower().removeprefix("your ")
                self.add_error(name, f"Please enter {whose} {what}.")

    def offer_waitlist(self):
        """Show the form again with "Join the waitlist" ticked: a class filled up while it was being sent."""
        self.data = self.data.copy()
        self.data[self.add_prefix("join_waitlist")] = "on"

    def details(self, prefix=""):
        return {name: self.cleaned_data[f"{prefix}{name}"] for name in ("first_name", "last_name", "email", "phone")}

    def attendee(self):
        """The dancer, as place_order takes them: the signed-in user, or the details typed in."""
        return self.details() if self.dancer_is_typed_in else self.user

    def payer(self):
        """Whoever pays, when it is not the dancer."""
        if not self.for_someone_else:
            return None
        return self.details("payer_") if self.payer_is_typed_in else self.user

    def typed_in_emails(self):
        """The email addresses typed into the form (lowercased), which the checkout will write to."""
        people = [self.attendee(), self.payer()]
        return sorted({person["email"].strip().lower() for person in people if isinstance(person, dict)})

    def referrer(self):
        """The account of the friend named, if there is one. Whether there is, is never shown."""
        email = self.cleaned_data.get("referred_by")
        return User.objects.filter(email=email).first() if email else None


class WaitlistClaimForm(forms.Form):
    method = forms.ChoiceField(label="How would you like to pay?", widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = payment_method_choices()
        self.fields["method"].initial = self.fields["method"].choices[0][0]
