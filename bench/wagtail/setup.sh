#!/bin/sh
# Build the Wagtail comparison site for bench/run.py: bench/.wagtail-venv with Wagtail
# from PyPI (Django and granian pinned to the versions in Dateline's .venv, so that only
# the application differs), its SQLite database bench/.wagtail-venv/db.sqlite3, and
# Dateline's demo content loaded as Wagtail pages. Rerun it to rebuild the database
# after the demo content changes. Needs Dateline's .venv (`make venv`) and PyPI access.
set -eu
cd "$(dirname "$0")/../.."
VENV=bench/.wagtail-venv
PYTHON=${PYTHON:-python3}
DJANGO=$(.venv/bin/python -c 'import django; print(django.__version__)')
GRANIAN=$(.venv/bin/python -c 'from importlib.metadata import version; print(version("granian"))')

rm -f "$VENV/.ready"
test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet wagtail "django==$DJANGO" "granian==$GRANIAN"

rm -f "$VENV/db.sqlite3" "$VENV/dateline.json"
.venv/bin/python bench/wagtail/export_dateline.py "$VENV/dateline.json"
cd bench/wagtail
../.wagtail-venv/bin/python manage.py migrate --noinput --verbosity 0
../.wagtail-venv/bin/python manage.py collectstatic --noinput --verbosity 0
../.wagtail-venv/bin/python manage.py load_dateline ../.wagtail-venv/dateline.json
../.wagtail-venv/bin/python -c 'import wagtail; print(wagtail.__version__)' > ../.wagtail-venv/.ready
echo "Wagtail $(cat ../.wagtail-venv/.ready) ready in bench/.wagtail-venv"
