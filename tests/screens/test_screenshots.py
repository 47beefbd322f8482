"""The README's pictures: each screen `make screenshots` takes is in the
repository, shown in the README with a text alternative, and small."""

import re
from pathlib import Path

from tests.screens.screenshots import MAX_BYTES, SCREENS

ROOT = Path(__file__).parents[2]


def test_every_screen_is_committed_small_and_shown_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    shown = dict(re.findall(r'<img src="docs/screenshots/([\w-]+)\.png" alt="([^"]+)"', readme))
    assert set(shown) == {name for name, _, _ in SCREENS}
    for name, _, _ in SCREENS:
        picture = ROOT / "docs" / "screenshots" / f"{name}.png"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert picture.stat().st_size < MAX_BYTES, name
        assert len(shown[name]) > 20, name


def test_git_keeps_the_screenshots_and_nothing_else_png():
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "*.png" in ignore and "!docs/screenshots/*.png" in ignore
    assert ignore.index("!docs/screenshots/*.png") > ignore.index("*.png")
