"""Badge pages: catalogue, award, my badges, a person's badges, one award (with the revocation
request), the revocation queue, the chain status, and the public verify page, issuer profile,
class page and key set."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from flexperf.badges import credentials, keys, selectors, services, verification
from flexperf.badges.forms import AwardForm, BadgeClassForm, RevocationForm, VerifyForm
from flexperf.badges.labels import STATUS_HELP, STATUSES, describe_audit
from flexperf.badges.models import RequestStatus
from flexperf.core.actors import Actor
from flexperf.core.errors import NotFound, ServiceError
from flexperf.core.forms import add_problems
from flexperf.core.views import current_actor, internal, page


def has_person(actor: Actor) -> bool:
    return actor.person_id is not None


def is_hr(actor: Actor) -> bool:
    return actor.is_hr


def may_award_some(actor: Actor) -> bool:
    return bool(selectors.awardable_classes(actor))


# --- catalogue ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page(allow=internal)
def catalogue(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = BadgeClassForm(request.POST or None) if actor.is_hr else None
    status = 200
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.create_badge_class(
                    actor=actor, code=data["code"], name=data["name"], name_en=data["name_en"],
                    description=data["description"], criteria=data["criteria"],
                    image=data["image"], awarder_roles=data["awarder_roles"],
                    auto_only=data["auto_only"])
            except ServiceError as error:
                add_problems(form, error)
            else:
                messages.success(request, _("The badge class was created."))
                return redirect("badges_catalogue")
        status = 422
    return render(request, "badges/catalogue.html", {
        "classes": selectors.badge_classes(), "form": form,
        "can_award": may_award_some(actor)}, status=status)


@require_GET
def class_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the achievement a credential points at (name, description, criteria)."""
    try:
        badge = selectors.class_view(selectors.access_class(code))
    except NotFound:
        raise Http404 from None
    return render(request, "badges/class.html", {"badge": badge})


# --- awarding ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page(allow=may_award_some)
def award(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    form = AwardForm(request.POST or None, classes=selectors.awardable_classes(actor),
                     people=selectors.awardable_people(actor),
                     initial={"person": request.GET.get("to"), "badge": request.GET.get("badge")})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                view = services.award_badge(actor=actor, badge_code=data["badge"].code,
                                            person_id=data["person"].pk,
                                            evidence=data["evidence"])
            except ServiceError as error:
                add_problems(form, error, {"badge_code": "badge", "person_id": "person"})
            else:
                messages.success(request, _("The badge was awarded and signed into the chain."))
                return redirect("badges_award_detail", award_id=view.id)
        return render(request, "badges/award.html", {"form": form}, status=422)
    return render(request, "badges/award.html", {"form": form})


@page(allow=has_person)
def mine(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    assert actor.person_id is not None
    return render(request, "badges/person.html", {
        "awards": selectors.badges_of(actor, actor.person_id), "mine": True})


@page(allow=internal)
def person_badges(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = current_actor(request)
    awards = selectors.badges_of(actor, person_id)
    person = selectors.person_card(person_id)
    return render(request, "badges/person.html", {
        "awards": awards, "person": person, "mine": person_id == actor.person_id})


@require_http_methods(["GET", "POST"])
@page()
def award_detail(request: HttpRequest, award_id: int) -> HttpResponse:
    actor = current_actor(request)
    found = selectors.access_award(actor, award_id)
    view = selectors.award_views([found])[0]
    can_request = actor.is_hr and not view.revoked and selectors.in_hr_scope(actor, found)
    form = RevocationForm(request.POST or None) if can_request else None
    if request.method == "POST":
        if form is None:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                services.request_revocation(actor=actor, award_id=award_id,
                                            reason=form.cleaned_data["reason"])
            except ServiceError as error:
                add_problems(form, error, {"award_id": "reason"})
            else:
                messages.success(request, _("Revocation requested: a second HR admin must "
                                            "approve it."))
                return redirect("badges_award_detail", award_id=award_id)
        return render(request, "badges/award_detail.html", {
            "award": view, "form": form, "pending": selectors.pending_for(award_id)},
            status=422)
    return render(request, "badges/award_detail.html", {
        "award": view, "form": form, "pending": selectors.pending_for(award_id)})


@page()
def credential_download(request: HttpRequest, award_id: int) -> HttpResponse:
    token = services.award_credential(actor=current_actor(request), award_id=award_id)
    response = HttpResponse(token, content_type=credentials.MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="badge-{award_id}.jwt"'
    return response


# --- revocation --------------------------------------------------------------------------


@page(allow=is_hr)
def revocations(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rows = selectors.revocation_requests(actor)
    return render(request, "badges/revocations.html", {
        "pending": list(rows.filter(status=RequestStatus.PENDING)[:200]),
        "decided": list(rows.exclude(status=RequestStatus.PENDING)[:100]),
        "can_decide": actor.is_hr_admin})


@require_POST
@page(allow=is_hr)
def decide(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    actor = current_actor(request)
    note = request.POST.get("note", "")
    try:
        if decision == "approve":
            services.approve_revocation(actor=actor, request_id=request_id, note=note)
            messages.success(request, _("Approved: the revocation is signed into the chain."))
        else:
            services.reject_revocation(actor=actor, request_id=request_id, note=note)
            messages.success(request, _("The revocation request was rejected."))
    except ServiceError as error:
        messages.error(request, " ".join(p.message for p in error.problems))
    return redirect("badges_revocations")


# --- chain status ------------------------------------------------------------------------


@page(allow=selectors.can_read_chain)
def chain_status(request: HttpRequest) -> HttpResponse:
    result = selectors.audit_chain()
    key_set = keys.key_set()
    return render(request, "badges/chain.html", {
        "result": result, "message": describe_audit(result),
        "entries": selectors.recent_entries(20), "kid": key_set.current.kid,
        "kids": list(key_set.public_keys)})


# --- public --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: paste or upload a credential; the same statuses as POST /api/v1/badges/verify."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = verification.verify(form.cleaned_data["credential"],
                                         identity=form.cleaned_data.get("identity") or "")
        else:
            status = 422
    return render(request, "badges/verify.html", {
        "form": form, "result": result,
        "status_label": STATUSES.get(result.status, "") if result else "",
        "status_help": STATUS_HELP.get(result.status, "") if result else ""}, status=status)


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(keys.key_set().jwks)
    response["Content-Type"] = "application/jwk-set+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def issuer(request: HttpRequest) -> JsonResponse:
    profile = credentials.issuer_profile(services.issuer_name())
    profile["@context"] = credentials.CONTEXTS
    profile["publicKeys"] = request.build_absolute_uri("/.well-known/jwks.json")
    response = JsonResponse(profile)
    response["Access-Control-Allow-Origin"] = "*"
    return response
