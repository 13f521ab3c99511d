"""The ledger's bulk path, for millions of deliveries (needs the ``bulk`` extra: numpy).

A public submodule, like :mod:`sanctioncalc.strategies`, so that ``import sanctioncalc``
and ``from sanctioncalc import *`` never need numpy.  :meth:`sanctioncalc.Ledger.to_bulk`
reaches the same class.

>>> from sanctioncalc.bulk import BulkLedger
>>> BulkLedger.__name__
'BulkLedger'
"""

from ._bulk import BulkLedger

__all__ = ["BulkLedger"]
