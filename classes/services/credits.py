"""Credit spent on orders, and the referral program (DESIGN §4)."""

from accounts.credits import credit_balance, grant_credit
from accounts.models import Referral
from classes.models import Order
from hepcat.audit import record
from home.models import SchoolSettings

from .locking import lock_credit


def use_credit(order):
    """Deduct the credit the order was priced with. If some was spent meanwhile, the order owes the rest."""
    if order.credit_applied <= 0:
        return
    lock_credit(order.attendee)
    usable = min(order.credit_applied, max(credit_balance(order.attendee), 0))
    order.total += order.credit_applied - usable
    order.credit_applied = usable
    if usable > 0:
        grant_credit(order.attendee, -usable, f"Used for order {order.reference}", order=order)


def record_referral(referrer, student):
    """Remember who referred a new student, when the referral program is on."""
    if not SchoolSettings.load().referral_program_enabled or referrer == student:
        return
    if Order.objects.filter(attendee=student, paid_at__isnull=False).exists():
        return  # not a new student
    Referral.objects.get_or_create(referred=student, defaults={"referrer": referrer})


def reward_referral(student, order):
    """Credit the referrer once the student they referred has paid for a first order (`order`)."""
    referral = Referral.objects.filter(referred=student, reward__isnull=True).select_related("referrer").first()
    if referral is None:
        return
    school = SchoolSettings.load()
    if not school.referral_program_enabled or school.referral_reward <= 0:
        return
    referral.reward = grant_credit(
        referral.referrer, school.referral_reward, f"Referral reward: {student.get_full_name()} joined the school"
    )
    referral.save(update_fields=["reward"])
    record(
        order, "accounts.referral.rewarded", referrer=referral.referrer, student=student, amount=school.referral_reward
    )
