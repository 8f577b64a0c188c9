"""The exit status of every `scratchnet` command, and how --help says it.

    0    DONE         what was asked was done, whatever it found
    1    UNFINISHED   started, but could not finish (an output not written, a grader fault)
    2    USAGE        nothing was done: the command line or its input is wrong, or there is
                      nothing to work on (argparse's own status for a bad command line)
    130  INTERRUPTED  Ctrl-C

Failed checks, zero scores, flagged pairs and unmatched students are results, not errors:
a script tests 0 to use the outputs, 2 to fix its command or inputs (nothing was written),
1 to look at the machine or report a fault (what was finished is kept).
"""

import argparse

DONE = 0
UNFINISHED = 1
USAGE = 2
INTERRUPTED = 130

EXIT_STATUS = """\
exit status (the same for every scratchnet command):
  0    done, whatever was found: failed checks, zero scores, broken or
       unreadable submissions (zero points and the reason), flagged pairs and
       unmatched students are results, not errors
  1    started but could not finish: an output could not be written, or the
       grader failed on a submission (its fault, not the student's); what was
       finished is kept
  2    nothing was done: a bad command line (unknown option, bad value), an
       input that is missing, unreadable or of the wrong kind (a folder for a
       file, a .txt for a notebook, a broken scratchnet.toml or roster), nothing
       to work on (no submissions in PATH, no results in OUT_DIR, fewer than two
       students to compare), or an --out that holds another class
  130  interrupted (Ctrl-C)
"""


class HelpFormatter(argparse.HelpFormatter):
    """--help with one-paragraph descriptions wrapped to the terminal, and text written with
    its own line breaks (epilogs such as EXIT_STATUS) kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text.strip("\n"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)
