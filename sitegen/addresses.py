"""Web addresses as pages print them: what a URL may hold, and the rest percent-encoded."""

from __future__ import annotations

import re

# What the URL Standard allows in a URL besides letters and digits (https://url.spec.whatwg.org/#url-code-points).
URL_PUNCTUATION = frozenset("!$&'()*+,-./:;=?@_~")
FORBIDDEN_IN_HOST = frozenset(' #%/:<>?@[\\]^|"`{}')
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def _allowed_in_url(char: str) -> bool:
    """A URL code point: ASCII letters, digits and URL_PUNCTUATION, or any other character but
    controls, spaces, surrogates and noncharacters."""
    code = ord(char)
    if code < 0x80:
        return char.isalnum() or char in URL_PUNCTUATION
    return not (
        code < 0xA0 or char.isspace() or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    )


def normalise_url(url: str, start: int) -> str:
    """`url` with every character after `start` that a URL may not hold percent-encoded as UTF-8.

    Escapes already written (`%20`) stay as they are; the first `#` starts the
    fragment, any later one is encoded; letters of other scripts stay readable.
    """
    out = [url[:start]]
    fragment = False
    for index in range(start, len(url)):
        char = url[index]
        if char == "%" and PERCENT_ESCAPE.match(url, index):
            out.append(char)
        elif char == "#" and not fragment:
            fragment = True
            out.append(char)
        elif _allowed_in_url(char) and char != "%":
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
    return "".join(out)


def idna(host: str) -> bool:
    """Whether a host name has an ASCII form (punycode): an international name such as президент.рф has."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True
