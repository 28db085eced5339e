"""Build the web chat page into build/web from web/ and the installed rasa-webchat bundle.

The bundle's CSS imports a Google Fonts stylesheet at run time: a request to a third party from a
health site, and a page that would not work offline. It is removed here (the page uses system
fonts), and the build fails if the bundle still names any font host afterwards, so a new version
of rasa-webchat cannot bring it back unnoticed.

Usage: python scripts/build_web.py web build/web
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

BUNDLE = Path("node_modules/rasa-webchat/lib/index.js")
FONT_IMPORT = re.compile(r"@import url\(https?://fonts\.(?:googleapis|gstatic)\.com/[^)]*\);?")
PAGE_FILES = ("index.html", "chat.css", "chat.js")


def build(source: Path, target: Path) -> int:
    """Writes the page and the cleaned bundle; returns how many font imports were removed."""
    bundle = (source / BUNDLE).read_text(encoding="utf-8")
    cleaned, removed = FONT_IMPORT.subn("", bundle)
    if "fonts.googleapis.com" in cleaned or "fonts.gstatic.com" in cleaned:
        raise SystemExit(f"{source / BUNDLE} still loads web fonts after cleaning")
    target.mkdir(parents=True, exist_ok=True)
    (target / "webchat.js").write_text(cleaned, encoding="utf-8")
    for name in PAGE_FILES:
        shutil.copyfile(source / name, target / name)
    return removed


def main() -> None:
    """Builds web/ into the target directory."""
    source, target = (Path(arg) for arg in sys.argv[1:3])
    removed = build(source, target)
    print(f"web chat page built in {target} ({removed} font imports removed from the bundle)")


if __name__ == "__main__":
    main()
