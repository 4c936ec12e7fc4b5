"""The address a request came from, for the rate limits and the login lockout.

Behind a proxy, REMOTE_ADDR is the proxy's address and the client's is in X-Forwarded-For, where each
proxy appends the address it was reached from. Only the entries our own proxies appended can be
trusted (anything to their left is whatever the client sent), so with TRUSTED_PROXY_COUNT proxies in
front of the site the client is the entry that many places from the right.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "")
