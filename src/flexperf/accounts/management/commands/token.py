"""`flexperf token create USERNAME …`, `flexperf token list [USERNAME]`, `flexperf token revoke ID`.

``create`` prints only the token, so a script can capture it:
``TOKEN=$(flexperf token create bob)``.
"""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from flexperf.accounts import selectors, services
from flexperf.accounts.models import ApiToken, User
from flexperf.core.errors import NotFound
from flexperf.core.management import cli_actor, service_errors, table


class Command(BaseCommand):
    help = _("Create, list or revoke API tokens (bearer tokens for the REST API).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help=_("Create a token and print it (shown once)."))
        create.add_argument("username", metavar="USERNAME")
        create.add_argument("--expires", type=int, metavar="DAYS",
                            help=_("Days until it expires (default from settings)."))
        create.add_argument("--name", default="cli", help=_("What the token is for."))
        create.add_argument("--scope", action="append", dest="scopes",
                            choices=services.TOKEN_SCOPES,
                            help=_("read or write; repeat for both (default: both)."))
        listing = actions.add_parser("list", help=_("List tokens, of one user or of everyone."))
        listing.add_argument("username", nargs="?", metavar="USERNAME")
        revoke = actions.add_parser("revoke", help=_("Revoke a token by its id."))
        revoke.add_argument("token_id", type=int, metavar="ID")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = _user(options["username"])
            with service_errors():
                issued = services.create_token(actor=cli_actor(), user=user,
                                               name=options["name"],
                                               expires_days=options["expires"],
                                               scopes=options["scopes"])
            self.stdout.write(issued.secret)
        elif action == "list":
            self._list(options["username"])
        else:
            try:
                token = services.revoke_token(actor=cli_actor(), token_id=options["token_id"])
            except NotFound as exc:
                raise CommandError(_("No API token with id %(id)d.")
                                   % {"id": options["token_id"]}) from exc
            self.stdout.write(_("Revoked token %(id)d (%(name)s) of %(user)s.")
                              % {"id": token.pk, "name": token.name, "user": token.user})

    def _list(self, username: str | None) -> None:
        tokens = selectors.list_tokens(cli_actor(), user=_user(username) if username else None)
        now = timezone.now()
        rows = [(str(t.pk), t.user.get_username(), t.name, f"{t.prefix}…", ",".join(t.scopes),
                 _when(t.created_at), _when(t.expires_at), _when(t.last_used_at),
                 _state(t, now)) for t in tokens]
        header = (_("id"), _("user"), _("name"), _("prefix"), _("scopes"), _("created"),
                  _("expires"), _("last used"), _("state"))
        self.stdout.write(table(header, rows))


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user named %(username)s.") % {"username": username})
    return user


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


def _state(token: ApiToken, now: Any) -> str:
    if token.revoked_at is not None:
        return str(_("revoked"))
    if not token.is_active(now):
        return str(_("expired"))
    return str(_("active"))
