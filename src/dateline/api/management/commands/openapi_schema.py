import json
from pathlib import Path

from django.core.management.base import BaseCommand

from dateline.api.api import api

SNAPSHOT = Path(__file__).resolve().parents[2] / "tests" / "openapi.json"


def openapi_document() -> str:
    """The API's OpenAPI document as committed: stable key order, one trailing newline."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = (
        "Print the API's OpenAPI document, or with --write refresh the committed snapshot "
        "(src/dateline/api/tests/openapi.json) after an intended change to the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Overwrite the snapshot.")

    def handle(self, *args, write: bool, **options):
        document = openapi_document()
        if write:
            SNAPSHOT.write_text(document, encoding="utf-8")
            self.stdout.write(f"Wrote {SNAPSHOT}")
        else:
            self.stdout.write(document, ending="")
