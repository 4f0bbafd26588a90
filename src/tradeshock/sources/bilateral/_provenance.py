"""Where a bilateral frame came from: one record stamped on ``frame.attrs["provenance"]``.

Local stand-in for the project-wide ``Provenance`` of the sources reorganisation (issue 14);
replaced by it once that lands. Same idea: which source, compiler(s), dataset(s), URL, vintage,
licence — enough to cite the numbers and to know whether they may be redistributed.
"""

from __future__ import annotations

import attrs

__all__ = ["Provenance"]


@attrs.frozen
class Provenance:
    """Provenance of one loaded frame.

    Attributes:
        source: ``"bundled"``, ``"imf"`` or ``"comtrade"``.
        compilers: the statistical compilers whose numbers are in the frame.
        datasets: bundled dataset names (``catalog()`` rows) or live dataflow ids.
        url: upstream URL (a live request URL, never with a key in it).
        vintage: vintage or retrieval note.
        licence: the reuse terms as the compiler states them.

    Example:
        >>> Provenance("bundled", ("IMF DOTS",), ("bilateral_imf_dots",), "https://data.imf.org/",
        ...            "2020", "IMF terms").source
        'bundled'

    """

    source: str
    compilers: tuple[str, ...]
    datasets: tuple[str, ...]
    url: str
    vintage: str
    licence: str

    def summary(self) -> str:
        """One line: source, compilers and vintage.

        Example:
            >>> Provenance("imf", ("IMF IMTS",), ("IMTS",), "u", "live", "IMF terms").summary()
            'imf: IMF IMTS (live)'

        """
        return f"{self.source}: {', '.join(self.compilers)} ({self.vintage})"
