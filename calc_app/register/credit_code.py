"""统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters, the last a check character.

The code uses the 31 characters ``0-9`` and the capital letters without I, O, Z, S, V. The check
character is ``31 - (Σ value(c_i) × w_i mod 31)`` over the first 17 characters, with the weights
below (3^(i-1) mod 31); a result of 31 is written ``0``.
"""
from __future__ import annotations

from calc_app.i18n.gettext import lgettext

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """A code that is not a valid 统一社会信用代码; ``message(lang)`` says why."""

    def __init__(self, code: str, kind: str, **detail: object):
        self.code, self.kind, self.detail = code, kind, detail
        super().__init__(self.message("en_US"))

    def message(self, lang: str) -> str:
        d = self.detail
        if self.kind == "length":
            return lgettext("A unified social credit code has 18 characters; {code} has {n}", lang).format(
                code=self.code, n=d["n"])
        if self.kind == "character":
            return lgettext("Character {pos} of {code} is {char}, which a unified social credit code does not use "
                            "(digits and capital letters other than I, O, Z, S, V)", lang).format(
                code=self.code, pos=d["pos"], char=d["char"])
        return lgettext("The check character of {code} is wrong: the last character should be {expected}, not "
                        "{given} (GB 32100-2015); check the code for a mistyped character", lang).format(
            code=self.code, expected=d["expected"], given=d["given"])


def check_character(first17: str) -> str:
    total = sum(VALUES[c] * w for c, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Spaces removed, letters upper-cased (as typed at a counter)."""
    return "".join(code.split()).upper()


def validate(code: str) -> str:
    """The normalized code, or raise CreditCodeError naming the problem."""
    c = normalize(code)
    if len(c) != 18:
        raise CreditCodeError(c, "length", n=len(c))
    for pos, ch in enumerate(c, 1):
        if ch not in VALUES:
            raise CreditCodeError(c, "character", pos=pos, char=ch)
    expected = check_character(c[:17])
    if c[17] != expected:
        raise CreditCodeError(c, "check", expected=expected, given=c[17])
    return c
