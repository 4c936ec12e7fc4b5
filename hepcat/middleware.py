from csp.middleware import CSPMiddleware

# Wagtail's admin still relies on inline scripts and styles (wagtail/wagtail#7053), so its pages get
# a looser policy than the public site, which runs only its own static files.
ADMIN_POLICY_RELAXATIONS = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**ADMIN_POLICY_RELAXATIONS, **(parts.update or {})}
        return parts
