"""The HTML pages' templates (`autograder/templates/`), rendered with Jinja2, escaping on.

    render(name, **context) -> str      # templates/<name>, every value escaped

One base layout (`base.html`) and one stylesheet (`style.css`, inlined into every page so
that each page stays one file that opens offline). The templates hold markup only: every
student-facing sentence is made with `tr()` in the Python module that renders the page
(gettext's extraction reads Python), and handed in through the context.

Every value a template shows is escaped by Jinja's autoescape. Nothing in a template is
marked `|safe`; the only markup that comes from Python is `Markup`, built here from
escaped text (`code`) or by the similarity page's `marked` from escaped pieces.
"""

from __future__ import annotations

import base64
from functools import cache

from markupsafe import Markup

from autograder.text_safety import html_text


def render(name: str, **context) -> str:
    """The template `name` rendered with `context` (escaped)."""
    return _environment().get_template(name).render(**context)


def code(text: str) -> Markup:
    """Student or course text escaped, its `backtick` spans shown as <code>.

    `html_text` escapes every character of the text first (quotes included, control
    characters written as visible escapes) and only then puts <code> tags around the
    spans; the result is markup, so it is handed to the template as `Markup`, not as a
    string to escape a second time."""
    return Markup(html_text(text))


def png_data_uri(png: bytes) -> str:
    """A PNG image as a data URI (figures are embedded, never fetched)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("autograder", "templates"),
        # every template escapes what it shows: .html by name, any other (style.css) too
        autoescape=select_autoescape(enabled_extensions=("html",), default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False)  # package files: loaded once
    environment.filters.update(code=code, png_data_uri=png_data_uri)
    return environment
