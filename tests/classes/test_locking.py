"""Rows are locked only inside a transaction: outside one, the lock would be let go at once."""

import pytest
from django.db import transaction

from classes.services.locking import NotInTransaction, lock_class_offers
from tests.factories import ClassOfferFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_locking_outside_a_transaction_is_refused():
    class_offer = ClassOfferFactory()

    with pytest.raises(NotInTransaction, match="inside transaction.atomic"):
        lock_class_offers([class_offer.pk])
    with transaction.atomic():
        assert lock_class_offers([class_offer.pk]) == [class_offer]
