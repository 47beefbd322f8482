"""House rules for the templates, checked over every file."""

from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[2] / "templates"
ALL = sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(ALL) > 20


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_hand_written_forms_use_the_csrf_macro(path):
    """One place writes the hidden CSRF field (`csrf()` in _forms.html); WTForms
    forms use `form.hidden_tag()`."""
    if path.name == "_forms.html":
        return
    assert 'name="csrf_token"' not in path.read_text()


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_includes_name_templates_that_exist(path):
    """`ignore missing` would hide a renamed partial as an empty gap on the page."""
    assert "ignore missing" not in path.read_text()
