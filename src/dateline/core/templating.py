"""`surrogate_key(item)` in a template: a page that shows `item` is purged when it changes."""

from django.db.models import Model

from dateline.core import pagecache


def surrogate_key(*parts) -> str:
    """Add a key to the page being rendered: a model instance gives "<model>:<pk>",
    strings are joined with ":" ("sections"; "section", 3). Renders nothing."""
    if len(parts) == 1 and isinstance(parts[0], Model):
        item = parts[0]
        pagecache.add_keys(f"{item._meta.model_name}:{item.pk}")
    elif parts:
        pagecache.add_keys(":".join(str(part) for part in parts))
    return ""
