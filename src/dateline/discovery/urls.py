"""Discovery's addresses: reading (most read beacon) and finding (archives, search)."""

from dateline.discovery.urls_finding import urlpatterns as finding
from dateline.discovery.urls_reading import urlpatterns as reading

app_name = "discovery"

urlpatterns = [*reading, *finding]
