"""Figures: matplotlib off-screen, in the grader's language, drawn beside the grading.

    canvas.py    figure(figsize), png(fig): a figure on its own Agg canvas, as PNG bytes
    fonts.py     the CJK font fallback for figures with Chinese labels
    painter.py   drawing processes begun early, so matplotlib's import overlaps grading

What is drawn lives with its page: ``feedback/figures.py`` (a student's feedback),
``report/figures.py`` (the class report), ``similarity/figure.py``.
"""
