"""A student's account: logging in and out, activating an account made at registration, and /account/."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import reverse_lazy

from .activation import send_activation_email
from .credits import credit_balance
from .forms import ActivationRequestForm
from .models import User
from .sections import account_sections


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("account_home")


class LogoutView(auth_views.LogoutView):
    next_page = "/"


@login_required
def account_home(request):
    """/account/: the sections each app adds (classes, orders, resources…), and the student's credit."""
    return TemplateResponse(
        request,
        "accounts/account_home.html",
        {"sections": account_sections(request), "credit": credit_balance(request.user)},
    )


def request_activation(request):
    """/account/activate/: email a new activation link. The answer is the same whether or not the email
    has an account, so that nobody can find out who is a student here."""
    form = ActivationRequestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        waiting = User.objects.filter(email=form.cleaned_data["email"], is_active=True).first()
        if waiting and not waiting.has_usable_password():
            send_activation_email(waiting)
        return TemplateResponse(request, "accounts/activation_sent.html")
    return TemplateResponse(request, "accounts/activation_request.html", {"form": form})


class ActivateAccountView(auth_views.PasswordResetConfirmView):
    """/account/activate/<uidb64>/<token>/: set a password from the emailed link, then you're logged in.

    Django's password reset token makes the link single use (it depends on the password) and lets it
    expire after PASSWORD_RESET_TIMEOUT.
    """

    template_name = "accounts/activate.html"
    post_reset_login = True
    success_url = reverse_lazy("account_home")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set and you're logged in. Welcome!")
        return super().form_valid(form)
