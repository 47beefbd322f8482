"""A PT's connect code: 12 characters in groups of four, from an alphabet
without look-alikes, read aloud or typed from a card in the clinic.

Pure: making, reading and showing codes; no database.
"""

import secrets

# No I, O, 0 or 1: a code copied by hand from a printed card must not be
# ambiguous. 32 symbols, so 12 of them are 60 bits: with the guess limits
# (a few dozen tries per hour per network and per account) no one finds a
# live code by guessing.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
# What a patient might type between the groups, or around the code.
SEPARATORS = " -\u2010\u2011\u2012\u2013\u2014\t"


def new_code() -> str:
    """A fresh code, stored and compared without dashes: `ABCDEFGHJKLM`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str | None) -> str | None:
    """A typed or scanned code as stored, or None when it can't be one.

    Lower case, spaces and dashes are forgiven; a letter outside the
    alphabet (an O for a zero, an I for a one) is not guessed at: that
    code is simply not one, and the patient is told to check it."""
    raw = "".join(c for c in (text or "")[:64] if c not in SEPARATORS).upper()
    if len(raw) != LENGTH or any(c not in ALPHABET for c in raw):
        return None
    return raw


def display(code: str) -> str:
    """`ABCD-EFGH-JKLM`: groups of four, as the PT reads it out."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
