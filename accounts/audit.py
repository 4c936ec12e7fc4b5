"""What the accounts app writes in the audit trail (hepcat.audit): credit and referral rewards."""

ACTIONS = {
    "accounts.credit.granted": ("Credit granted", "{amount} credit for {student}: {reason}"),
    "accounts.credit.used": ("Credit used", "{amount} of {student}'s credit: {reason}"),
    "accounts.referral.rewarded": ("Referral rewarded", "{referrer} earned {amount} for referring {student}."),
}
