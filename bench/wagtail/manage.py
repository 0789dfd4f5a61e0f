#!/usr/bin/env python
"""Django's manage.py for the Wagtail comparison site (run it with bench/.wagtail-venv)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
