
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status as Reply

from flexperf.accounts import selectors, services
from flexperf.accounts.api_auth import actor_of
from flexperf.accounts.models import User
from flexperf.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut
from flexperf.core.errors import Forbidden
from flexperf.org.models import Person

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="Who you are and which roles you have")
def me(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    person = (Person.objects.filter(pk=actor.person_id).only("name").first()
              if actor.person_id is not None else None)
    return {
        "username": actor.username,
        "person_id": actor.person_id,
        "name": person.name if person else None,
        "roles": sorted(str(r) for r in actor.roles),
        "token_scopes": sorted(actor.token_scopes) if actor.token_scopes is not None else None,
    }


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens")
def list_tokens(request: HttpRequest) -> Any:
    return selectors.tokens_of(actor_of(request))


@router.post("/tokens", response={201: TokenCreatedOut}, summary="Create an API token for yourself")
def create_token(request: HttpRequest, payload: TokenIn) -> Reply[Any]:
    actor = actor_of(request, write=True)
    user = User.objects.filter(pk=actor.user_id or 0).first()
    if user is None:
        raise Forbidden
    issued = services.create_token(actor=actor, user=user, name=payload.name,
                                   expires_days=payload.expires_days, scopes=payload.scopes)
    data = TokenOut.from_orm(issued.token).model_dump() | {"token": issued.secret}
    return Reply(201, data)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int) -> Reply[Any]:
    services.revoke_token(actor=actor_of(request, write=True), token_id=token_id)
    return Reply(204, None)
