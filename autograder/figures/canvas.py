"""Figures drawn off-screen with matplotlib's Agg renderer and kept as PNG bytes.

    figure(figsize) -> matplotlib.figure.Figure   # on its own Agg canvas, at DPI
    png(fig) -> bytes                             # drawn now
    png_of_canvas(fig) -> bytes                   # what its canvas holds, not drawn again

No pyplot: a figure made here is in no global list of open figures, so it needs no closing
and can be kept and redrawn (the feedback keeps one per kind of picture).
"""

from __future__ import annotations

import io
import warnings

#: Dots per inch of every picture (a 6.4 x 3.6 inch figure is 614 x 346 pixels).
DPI = 96


_fonts_ready = False


def figure(figsize: tuple[float, float]):
    """A new figure of `figsize` inches on its own Agg canvas (CJK fonts as fallback)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    global _fonts_ready
    if not _fonts_ready:
        from autograder.figures import fonts

        fonts.use()
        _fonts_ready = True
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def png(fig) -> bytes:
    """`fig` drawn and encoded as PNG."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # said once, with what to install (fonts.MISSING)
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def png_of_canvas(fig) -> bytes:
    """PNG of what `fig`'s canvas holds now (after ``canvas.draw()`` and any blitting)."""
    from PIL import Image

    canvas = fig.canvas
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png")
    return buffer.getvalue()


class Layers:
    """A kept figure drawn in two layers: a background (everything but the `front` artists),
    drawn once per key and kept, and the front artists drawn over it for each picture.

    key: whatever the background depends on (axis limits, scales, fixed data). A picture is
    the same whether its background was just drawn or kept, so it depends only on its data.
    The front artists are drawn in the order given (later ones on top).
    """

    def __init__(self, fig, front: list, keep: int = 16) -> None:
        self.fig, self.front, self.keep = fig, list(front), keep
        self.backgrounds: dict[object, object] = {}

    def png(self, key: object) -> bytes:
        """PNG bytes of the figure as it is set up now, for a background described by `key`."""
        canvas = self.fig.canvas
        if key not in self.backgrounds:
            if len(self.backgrounds) >= self.keep:
                self.backgrounds.clear()
            for artist in self.front:
                artist.set_visible(False)
            canvas.draw()
            self.backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
            for artist in self.front:
                artist.set_visible(True)
        canvas.restore_region(self.backgrounds[key])
        for artist in self.front:
            artist.axes.draw_artist(artist)
        return png_of_canvas(self.fig)
