"""The ledger's bulk path, for millions of deliveries (needs the ``bulk`` extra: numpy).

A public submodule, like :mod:`sanctioncalc.strategies`, so that ``import sanctioncalc``
and ``from sanctioncalc import *`` never need numpy.  :meth:`sanctioncalc.Ledger.to_bulk`
reaches the same class.

>>> from sanctioncalc.bulk import BulkLedger
>>> BulkLedger.__name__
'BulkLedger'
"""

from ._ledger.bulk import BulkLedger  # not handed on by _ledger: it needs numpy

__all__ = ["BulkLedger"]
