"""What readers' forms render with.

Django renders each form widget through its template engine; with Django templates
the four-field comment form cost about as much as the rest of the article page's
markup. Django's own Jinja2 widget templates give the same HTML for a fraction of
that. One renderer per process, so its compiled templates are kept. (The back office
keeps Django's default renderer: the admin's widgets exist only as Django templates.)
"""

from django.forms.renderers import Jinja2

reader_form_renderer = Jinja2()
