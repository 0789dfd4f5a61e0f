"""What readers' forms render with.

Django renders each form widget through its template engine; with Django templates
the four-field comment form cost about as much as the rest of the article page's
markup. Django's own Jinja2 widget templates give the same HTML for a fraction of
that. One renderer per process, so its compiled templates are kept. (The back office
keeps Django's default renderer: the admin's widgets exist only as Django templates.)
"""

from django.forms import BoundField
from django.forms.renderers import Jinja2
from markupsafe import Markup

reader_form_renderer = Jinja2()

# Widgets whose Django template is a single <input> (and the textarea), by template.
_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("text", "email", "url", "number", "hidden", "checkbox", "search", "tel")
}
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def widget_html(bound: BoundField) -> str:
    """`bound.as_widget()` for <input> and <textarea> widgets, without a template render.

    The widget still decides everything (attributes, `required`, `aria-invalid`, the
    formatted value, `checked`) through its own get_context(); only the last step,
    Django's three-line widget templates, is done here, the same way to the byte
    (dateline/core/tests/test_forms.py compares). Any other widget renders as usual.
    The comment form's six widgets were a tenth of an uncached article render.
    """
    widget = bound.field.widget
    template = widget.template_name
    if bound.field.localize or (
        template not in _INPUT_TEMPLATES and template != _TEXTAREA_TEMPLATE
    ):
        return bound.as_widget()  # a SafeString: Jinja2 does not escape it
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    attributes = Markup("").join(
        Markup(" %s") % name if value is True else Markup(' %s="%s"') % (name, value)
        for name, value in context["attrs"].items()
        if value is not False
    )
    if template == _TEXTAREA_TEMPLATE:
        text = context["value"] or ""
        return Markup('<textarea name="%s"%s>\n%s</textarea>') % (context["name"], attributes, text)
    value = "" if context["value"] is None else Markup(' value="%s"') % context["value"]
    return Markup('<input type="%s" name="%s"%s%s>') % (
        context["type"],
        context["name"],
        value,
        attributes,
    )
