"""HTTP ``Accept`` headers, read the way RFC 9110 §12.5.1 says: media ranges by quality, then by order."""

from __future__ import annotations

__all__ = ["ranked_media"]


def ranked_media(accept: str) -> list[str]:
    """The media ranges of an ``Accept`` header, best first; ranges with ``q=0`` (or a bad ``q``) left out.

    Ties keep the header's order. Media ranges are lower-cased; parameters other than
    ``q`` are dropped.

    Examples
    --------
    >>> ranked_media("text/html;q=0.9, text/turtle, */*;q=0.1, image/png;q=0")
    ['text/turtle', 'text/html', '*/*']
    """
    ranked = []
    for order, part in enumerate(accept.split(",")):
        media, *params = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and media:
            ranked.append((-quality, order, media.lower()))
    return [media for _q, _order, media in sorted(ranked)]
