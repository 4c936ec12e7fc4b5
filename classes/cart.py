"""The classes a visitor has picked to register for, kept in their session until they check out.

A cart is only a list of class offer ids: who is dancing, who pays and what it costs are settled at
checkout, for one attendee at a time.
"""

SESSION_KEY = "cart"  # the site header reads `request.session.cart` to show how many classes are picked


class Cart:
    def __init__(self, session):
        self.session = session

    @property
    def class_offer_ids(self):
        return list(self.session.get(SESSION_KEY, []))

    def __len__(self):
        return len(self.class_offer_ids)

    def add(self, class_offer):
        if class_offer.pk not in self.class_offer_ids:
            self.session[SESSION_KEY] = [*self.class_offer_ids, class_offer.pk]

    def remove(self, class_offer_id):
        self.session[SESSION_KEY] = [pk for pk in self.class_offer_ids if pk != class_offer_id]

    def keep_only(self, class_offer_ids):
        """Forget classes no longer open for registration."""
        self.session[SESSION_KEY] = [pk for pk in self.class_offer_ids if pk in class_offer_ids]

    def empty(self):
        self.session.pop(SESSION_KEY, None)
