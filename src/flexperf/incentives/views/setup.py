"""A cycle's payout set-up (HR): company factors and project pools."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from flexperf.core.errors import Problem, ServiceError
from flexperf.core.views import current_actor, page
from flexperf.goals.forms.problems import place
from flexperf.incentives.access import is_hr
from flexperf.incentives.cycles import cycle_info
from flexperf.incentives.forms import CompanyFactorForm, PoolForm
from flexperf.incentives.models import CompanyFactor
from flexperf.incentives.selectors import policies as selectors
from flexperf.incentives.services import policies as services
from flexperf.org.models import Company, Person


@require_http_methods(["GET", "POST"])
@page(allow=is_hr)
def cycle_setup(request: HttpRequest, cycle_id: int) -> HttpResponse:
    actor = current_actor(request)
    selectors.policies_visible_to(actor)  # HR only
    cycle = cycle_info(cycle_id)
    companies = [(c.pk, c.name) for c in Company.objects.order_by("code")]
    which = request.POST.get("form") if request.method == "POST" else None
    factor_form = CompanyFactorForm(request.POST if which == "factor" else None,
                                    companies=companies)
    pool_form = PoolForm(request.POST if which == "pool" else None)
    if which == "factor" and factor_form.is_valid():
        try:
            services.set_company_factor(actor=actor, cycle_id=cycle.id,
                                        company_id=factor_form.cleaned_data["company"],
                                        factor=factor_form.cleaned_data["factor"])
        except ServiceError as error:
            place(error, factor_form)
        else:
            messages.success(request, _("The company factor was saved."))
            return redirect("incentives_cycle_setup", cycle_id=cycle.id)
    if which == "pool" and pool_form.is_valid():
        data = pool_form.cleaned_data
        numbers = dict(Person.objects.filter(
            employee_number__in=[n for n, _w in data["members"]]).values_list(
            "employee_number", "pk"))
        try:
            unknown = [n for n, _w in data["members"] if n not in numbers]
            if unknown:
                raise ServiceError(Problem("members", _("No person with the employee number "
                                                        "%(numbers)s.")
                                           % {"numbers": ", ".join(unknown)}))
            services.create_pool(actor=actor, cycle_id=cycle.id, goal_id=data["goal"],
                                 name=data["name"], amount=data["amount"],
                                 currency=data["currency"],
                                 contributions=[(numbers[n], w) for n, w in data["members"]])
        except ServiceError as error:
            place(error, pool_form, aliases={"contributions": "members"})
        else:
            messages.success(request, _("The project pool was created."))
            return redirect("incentives_cycle_setup", cycle_id=cycle.id)
    factors = CompanyFactor.objects.filter(cycle_id=cycle.id).select_related("company")
    pools = selectors.pools_visible_to(actor).filter(cycle_id=cycle.id)
    failed = bool((factor_form.is_bound and factor_form.errors)
                  or (pool_form.is_bound and pool_form.errors))
    return render(request, "incentives/cycle_setup.html", {
        "cycle": cycle, "factors": factors, "pools": pools, "factor_form": factor_form,
        "pool_form": pool_form, "can_edit": actor.is_hr_admin},
        status=422 if failed else 200)
