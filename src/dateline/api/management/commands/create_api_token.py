from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dateline.api.models import ApiToken


class Command(BaseCommand):
    help = "Issue an editorial API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        _, secret = ApiToken.issue(user, name=name)
        self.stdout.write(secret)
