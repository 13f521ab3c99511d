"""``python -m sanctioncalc``: the command line."""

from ._cli import run

run()
