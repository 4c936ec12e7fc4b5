"""What the school's rules refuse, in words the person registering (or the admin) can act on."""


class CheckoutError(Exception):
    """Something the person registering can fix; the message says what."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ClassFull(CheckoutError):
    def __init__(self, class_offer):
        super().__init__(f"{class_offer.subject.title} ({class_offer.day_name}s) is full.")
        self.class_offer = class_offer


class CheckInError(Exception):
    """A check-in or walk-in refused; the message tells the person at the door why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
