"""The one money formatter: prices on the site, amounts in the admin and in emails."""


def money(amount, *, cents=True):
    """$1,095.00 and -$10.00 for money taken off; with `cents=False`, whole dollars drop them ($95, $92.50)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if not cents and amount == int(amount):
        return f"{sign}${amount:,.0f}"
    return f"{sign}${amount:,.2f}"
