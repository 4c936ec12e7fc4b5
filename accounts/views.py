"""A student's account: logging in and out, activating an account made at registration, a forgotten
password, and /account/."""

from axes.utils import reset as forget_failed_logins
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy

from .password_reset import AccountLinkForm, too_many_link_requests
from .sections import account_sections

# Who logs someone in after they set a password from an emailed link (the lockout's backend only refuses logins).
PASSWORD_LINK_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("account_home")


class LogoutView(auth_views.LogoutView):
    next_page = "/"


@login_required
def account_home(request):
    """/account/: the sections each app adds (classes, payments and credit, resources…)."""
    return TemplateResponse(
        request, "accounts/account_home.html", {"student": request.user, "sections": account_sections(request)}
    )


def request_activation(request):
    """/account/activate/: email the link the account needs (activation, or a new password if it has one).
    The answer is the same whether or not the email has an account, so that nobody can find out who is a
    student here."""
    form = AccountLinkForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not too_many_link_requests(request, form.cleaned_data["email"]):
            form.save(request=request)
        return TemplateResponse(request, "accounts/link_sent.html", {"try_again_url": reverse("account_activate")})
    return TemplateResponse(request, "accounts/activation_request.html", {"form": form})


class ActivateAccountView(auth_views.PasswordResetConfirmView):
    """/account/activate/<uidb64>/<token>/: set a password from the emailed link, then you're logged in.

    Django's password reset token makes the link single use (it depends on the password) and lets it
    expire after PASSWORD_RESET_TIMEOUT.
    """

    template_name = "accounts/activate.html"
    post_reset_login = True
    post_reset_login_backend = PASSWORD_LINK_LOGIN_BACKEND
    success_url = reverse_lazy("account_home")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set and you're logged in. Welcome!")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """/account/password-reset/: "Forgot your password?". Like the activation form, it answers the same
    whether or not the email has an account."""

    template_name = "accounts/password_reset.html"
    form_class = AccountLinkForm
    success_url = reverse_lazy("account_password_reset_sent")

    def form_valid(self, form):
        if too_many_link_requests(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    """The same "check your email" page as the activation form's."""

    template_name = "accounts/link_sent.html"
    extra_context = {"try_again_url": reverse_lazy("account_password_reset")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """/account/password-reset/<uidb64>/<token>/: choose a new password from the emailed link (single use,
    three days), and be logged in. The new password also ends a lockout after failed logins."""

    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = True
    post_reset_login_backend = PASSWORD_LINK_LOGIN_BACKEND
    success_url = reverse_lazy("account_password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failed_logins(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
