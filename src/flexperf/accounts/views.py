"""The API tokens page: list mine, create one (its secret shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from flexperf.accounts import selectors, services
from flexperf.accounts.forms import TokenForm
from flexperf.accounts.models import User
from flexperf.core.errors import ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, page


@require_http_methods(["GET", "POST"])
@page()
def tokens(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = TokenForm(request.POST or None)
    issued: services.IssuedToken | None = None
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)  # @page lets only signed-in users through
        try:
            issued = services.create_token(
                actor=actor, user=user, name=form.cleaned_data["name"],
                expires_days=form.cleaned_data["expires_days"],
                scopes=form.cleaned_data["scopes"])
        except ServiceError as error:
            add_problems(form, error, aliases={"expires": "expires_days"})
        else:
            form = TokenForm()
    response = render(request, "accounts/tokens.html", {
        "form": form, "issued": issued, "tokens": selectors.tokens_of(actor),
    })
    if issued is not None:  # the secret is on this page only: keep it out of every cache
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@page()
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.revoke_token(actor=current_actor(request), token_id=token_id)
    messages.success(request, _("Token %(name)s was revoked.") % {"name": token.name})
    return redirect("tokens")
