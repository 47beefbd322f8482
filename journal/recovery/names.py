"""Names a patient types that other people read: their display name (shown
to their PT) and a share link's label. One rule for the characters a name
can't hold."""

import unicodedata

# Embeddings, overrides and isolates reorder the text around them: "Ana‮exe.fdp"
# shows as "Anapdf.exe". Nobody needs one in a first name or a label.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line and paragraph separators break a line like CR and LF do.
LINE_SEPARATORS = frozenset("\u2028\u2029")

UNSAFE_MESSAGE = (
    "The name has a line break or an invisible control character that can’t be saved. "
    "Type it again without copying and pasting."
)


def has_unsafe_character(text: str) -> bool:
    """Whether `text` holds CR, LF or another control character (C0, DEL, C1),
    a line separator or a bidi embedding, override or isolate."""
    return any(
        unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS or c in LINE_SEPARATORS
        for c in text
    )
